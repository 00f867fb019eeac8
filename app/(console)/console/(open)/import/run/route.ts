import type { NextRequest } from 'next/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { consoleNotFound } from '@/lib/console/not-found';
import { consoleActor } from '@/lib/auth/second-factor';
import { readAtMost, sameOrigin } from '@/lib/http';
import { logger } from '@/lib/logger';
import { importPasses } from '@/lib/ops/import-passes';

export const dynamic = 'force-dynamic';

/** Largest upload: 50,000 rows of the export are about 4 MB. */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * 通行證匯入: runs `passes import` (the CLI's own function) on the posted CSV and streams its
 * progress as NDJSON lines, then the report. `?dryRun=1` rolls every batch back. 404 unless an
 * operator; a post from another origin is refused (the session cookie alone is not consent).
 */
export async function POST(request: NextRequest) {
  const operator = await getOperator();
  if (!operator) return consoleNotFound();
  if (!sameOrigin(request)) return new Response('Forbidden', { status: 403 });
  const csv = await readAtMost(request, MAX_BYTES);
  if (csv === null) return new Response('Payload Too Large', { status: 413 });
  const dryRun = request.nextUrl.searchParams.get('dryRun') === '1';
  const db = await getDb();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const summary = await importPasses(db, csv, {
          dryRun,
          onProgress: (done, total) => send({ type: 'progress', done, total }),
          actor: consoleActor(operator.login),
        });
        send({ type: 'summary', dryRun, ...summary });
      } catch (error) {
        const message =
          error instanceof Error && error.message.startsWith('the first line')
            ? error.message
            : 'unavailable';
        logger.warn({ err: (error as Error)?.name }, 'console import failed');
        send({ type: 'error', message });
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
}

// Any other method: 404 too.
export {
  consoleNotFound as GET,
  consoleNotFound as PUT,
  consoleNotFound as PATCH,
  consoleNotFound as DELETE,
  consoleNotFound as OPTIONS,
};
