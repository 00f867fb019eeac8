import * as z from 'zod/mini';
import type { NextRequest } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { consoleNotFound } from '@/lib/console/not-found';
import { loadAudit } from '@/lib/console/audit';
import type { Locale } from '@/lib/i18n/locales';
import { taipeiDate } from '@/lib/values/dates';
import { csvLine } from '@/lib/ops/csv';
import { auditQuerySchema } from '@/lib/schemas/console';
import { auditTables } from '../tables';

export const dynamic = 'force-dynamic';

/**
 * The audit page's tables as CSV, as the screen shows them (UTF-8 with BOM, formula-like cells
 * neutralised). 404 unless an operator.
 */
export async function GET(request: NextRequest) {
  if (!(await getOperator())) return consoleNotFound();
  const parsed = z.safeParse(auditQuerySchema, Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return new Response('Bad Request', { status: 400 });
  const audit = await loadAudit(await getDb(), { query: parsed.data.q });
  // The screen's tables: Taiwan time, the operator's language (refinement 13).
  const tables = auditTables(
    audit,
    await getTranslations('console'),
    (await getLocale()) as Locale,
  );
  const lines = [tables.attempts, tables.changes].flatMap((table) => [
    csvLine([table.caption]),
    csvLine(table.head),
    ...table.rows.map((row) => csvLine(row)),
  ]);
  return new Response(`\uFEFF${lines.join('')}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${taipeiDate()}.csv"`,
      'cache-control': 'no-store',
    },
  });
}

// Any other method: 404 too.
export {
  consoleNotFound as POST,
  consoleNotFound as PUT,
  consoleNotFound as PATCH,
  consoleNotFound as DELETE,
  consoleNotFound as OPTIONS,
};
