import * as z from 'zod/mini';
import { NextResponse, type NextRequest } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getApplicant } from '@/lib/auth/auth';
import { taipeiDate } from '@/lib/values/dates';
import { formatDayIn } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { csvLine } from '@/lib/ops/csv';
import { listAllPasses, passListQuerySchema } from '@/lib/domain/passes';
import { formatMobile } from '@/lib/values/phone';

export const dynamic = 'force-dynamic';

/**
 * 匯出 CSV: the current filtered pass list, as the list shows it (dates in the page's form), for
 * Excel: UTF-8 with a BOM, CRLF, formula-like cells neutralised. Streamed in batches; scoped like
 * the list (the same query, the signed-in company).
 */
export async function GET(request: NextRequest) {
  const applicant = await getApplicant();
  if (!applicant) return NextResponse.redirect(new URL('/login', request.url));
  const query = z.parse(passListQuerySchema, Object.fromEntries(request.nextUrl.searchParams));
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations('dashboard');
  const statusLabel = {
    verified: t('statusVerified'),
    unverified: t('statusUnverified'),
    pending: t('statusPending'),
  };
  const header = [
    'passNumber',
    'identityNumber',
    'name',
    'validFrom',
    'validUntil',
    'defaultMobile',
    'verifiedMobile',
    'status',
  ].map((k) => t(k));
  const rows = listAllPasses(await getDb(), applicant.companyId, query);
  const encoder = new TextEncoder();
  let started = false;

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
        return;
      }
      let chunk = '';
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        chunk += csvLine([
          r.passNumber,
          r.identityNumber,
          r.name,
          formatDayIn(locale, r.validFrom),
          formatDayIn(locale, r.validUntil),
          formatMobile(r.personMobile),
          formatMobile(r.verifiedMobile),
          statusLabel[r.status],
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="passes-${query.tab}-${taipeiDate()}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
