import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { findPersonForCompany } from '@/db/queries/persons';
import { getApplicant } from '@/lib/auth/auth';
import { personIdSchema } from '@/lib/persons';
import { PersonForm } from '../_components/person-form';

export const metadata: Metadata = { title: '編輯人員資料' };

export default async function EditPersonPage({ params }: { params: Promise<{ id: string }> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const id = personIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const person = await findPersonForCompany(await getDb(), { companyId: applicant.companyId, id: id.data });
  if (!person) notFound();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">編輯人員資料</h1>
      <PersonForm person={person} />
    </div>
  );
}
