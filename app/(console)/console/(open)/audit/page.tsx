import * as z from 'zod/mini';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { loadAudit } from '@/lib/console/audit';
import type { Locale } from '@/lib/i18n/locales';
import { getLocale } from 'next-intl/server';
import { auditQuerySchema } from '@/lib/schemas/console';
import { FigureTable } from '../_components/figure-table';
import { auditTables } from './tables';
import { SearchForm } from '../_components/search-form';

export const dynamic = 'force-dynamic';

/** 稽核查詢: a pass number, identity number or mobile → its attempts and person-record changes. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await getOperator())) notFound();
  const t = await getTranslations('console');
  const locale = (await getLocale()) as Locale;
  const parsed = z.safeParse(auditQuerySchema, await searchParams);
  const audit = parsed.success ? await loadAudit(await getDb(), { query: parsed.data.q }) : null;
  const tables = audit && auditTables(audit, t, locale);
  return (
    <>
      <h1 className="text-2xl font-bold">{t('auditTitle')}</h1>
      <SearchForm
        label={t('auditQuery')}
        submit={t('searchSubmit')}
        value={parsed.success ? parsed.data.q : ''}
      />
      {audit && (
        <>
          <section aria-labelledby="attempts-title" className="space-y-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="attempts-title" className="text-lg font-bold">
                {t('attempts')}({audit.attempts.length})
              </h2>
              <a
                href={`/console/audit/export?q=${encodeURIComponent(parsed.data!.q)}`}
                className="inline-flex min-h-11 items-center rounded-md border border-harbor-700 px-4 font-semibold text-harbor-800"
              >
                {t('exportCsv')}
              </a>
            </div>
            {audit.attempts.length === 0 ? (
              <p>{t('noResults')}</p>
            ) : (
              <FigureTable
                testId="audit-attempts"
                caption={tables!.attempts.caption}
                head={tables!.attempts.head}
                rows={tables!.attempts.rows}
              />
            )}
          </section>
          <section aria-labelledby="changes-title" className="space-y-2">
            <h2 id="changes-title" className="text-lg font-bold">
              {t('personChanges')}({audit.changes.length})
            </h2>
            {audit.changes.length === 0 ? (
              <p>{t('noResults')}</p>
            ) : (
              <FigureTable
                testId="audit-changes"
                caption={tables!.changes.caption}
                head={tables!.changes.head}
                rows={tables!.changes.rows}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}
