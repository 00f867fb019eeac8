import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { getOperator } from '@/lib/auth/auth';
import { clientText } from '@/lib/i18n/client-text';
import { PASS_CSV_HEADER } from '@/lib/ops/import-passes';
import { ImportForm } from './_components/import-form';

export const dynamic = 'force-dynamic';

/** 通行證匯入: the CLI's `passes import`, dry run first. */
export default async function ImportPage() {
  if (!(await getOperator())) notFound();
  const t = await getTranslations('console');
  return (
    <>
      <h1 className="text-2xl font-bold">{t('importTitle')}</h1>
      <p className="max-w-3xl">{t('importText', { header: PASS_CSV_HEADER.join(',') })}</p>
      {/* Rejections of identity numbers are the forms' own sentences (one rule everywhere). */}
      <ClientTextProvider text={await clientText(['validation'])}>
        <ImportForm />
      </ClientTextProvider>
    </>
  );
}
