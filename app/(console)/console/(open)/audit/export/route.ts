import * as z from 'zod/mini';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { consoleNotFound } from '@/lib/console/not-found';
import { describeFields, loadAudit } from '@/lib/console/audit';
import { taipeiDate } from '@/lib/dates';
import { csvLine } from '@/lib/ops/csv';
import { auditQuerySchema } from '@/lib/schemas/console';

export const dynamic = 'force-dynamic';

/** The audit page's results as CSV (UTF-8 with BOM, formula-like cells neutralised). 404 unless an operator. */
export async function GET(request: NextRequest) {
  if (!(await getOperator())) return consoleNotFound();
  const parsed = z.safeParse(auditQuerySchema, Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return new Response('Bad Request', { status: 400 });
  const audit = await loadAudit(await getDb(), { query: parsed.data.q });
  const lines = [
    csvLine([
      'section',
      'time',
      'pass',
      'identity',
      'channel',
      'company',
      'account',
      'mobile',
      'state',
      'failure',
      'tries',
      'provider_message_id',
      'client',
    ]),
    ...audit.attempts.map((a) =>
      csvLine([
        'attempt',
        a.sentAt.toISOString(),
        a.passNumber,
        a.identity,
        a.channel,
        a.company,
        a.account,
        a.mobile,
        a.state,
        a.failure,
        String(a.failedTries),
        a.providerMessageId,
        a.client,
      ]),
    ),
    csvLine(['section', 'time', 'actor', 'action', 'subject', 'identity', 'change']),
    ...audit.changes.map((c) =>
      csvLine([
        'person-change',
        c.at.toISOString(),
        c.actor,
        c.action,
        c.subject,
        c.identity,
        describeFields(c.fields),
      ]),
    ),
  ];
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
