import * as z from 'zod/mini';
import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { findPersonForCompany } from '@/db/queries/persons';
import { getApplicant } from '@/lib/auth/auth';
import { titled } from '@/lib/i18n/metadata';
import { personIdSchema } from '@/lib/schemas/persons';
import { PersonForm } from '../_components/person-form';

export const generateMetadata = titled('dashboard.editPerson');

export default async function EditPersonPage({ params }: { params: Promise<{ id: string }> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const id = z.safeParse(personIdSchema, (await params).id);
  if (!id.success) notFound();
  const person = await findPersonForCompany(await getDb(), {
    companyId: applicant.companyId,
    id: id.data,
  });
  if (!person) notFound();
  const t = await getTranslations('dashboard');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t('editPerson')}</h1>
      <PersonForm person={person} />
    </div>
  );
}
