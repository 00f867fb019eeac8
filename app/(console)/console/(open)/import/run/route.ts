import type { NextRequest } from 'next/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { consoleNotFound } from '@/lib/console/not-found';
import { consoleActor } from '@/db/queries/audit';
import { discardBody, readAtMost, sameOrigin } from '@/lib/web/http';
import { logger } from '@/lib/server/logger';
import { IMPORT_MAX_BYTES, IMPORT_MAX_TEXT } from '@/lib/ops/import-limit';
import {
  ImportFileError,
  importPasses,
  inEnglish,
  type ImportMessage,
} from '@/lib/ops/import-passes';

export const dynamic = 'force-dynamic';

/** A refusal as the form reads it (the key, for the page's language) and in English (for anyone else). */
const errorLine = (reason: ImportMessage) => ({
  type: 'error',
  ...reason,
  message: inEnglish(reason),
});

/**
 * One import at a time in this instance: an import holds its file and its batches in memory
 * (about 110 MB for a 20 MB file), so concurrent ones are refused, not queued.
 */
let importing = false;

/**
 * 通行證匯入: runs `passes import` (the CLI's own function) on the posted CSV and streams its
 * progress as NDJSON lines, then the report. `?dryRun=1` rolls every batch back. 404 unless an
 * operator; a post from another origin is refused (the session cookie alone is not consent).
 * Not behind proxy.ts (its matcher leaves this route out), so Next never buffers or cuts the
 * body: it is counted here as it arrives, and a file over IMPORT_MAX_BYTES, chunked or not, is
 * refused with a sentence before any row is read.
 */
export async function POST(request: NextRequest) {
  const operator = await getOperator();
  if (!operator) return consoleNotFound();
  if (!sameOrigin(request)) return new Response('Forbidden', { status: 403 });
  if (importing) {
    await discardBody(request, IMPORT_MAX_BYTES);
    return Response.json(errorLine({ key: 'console.importErrors.busy' }), {
      status: 429,
      headers: { 'cache-control': 'no-store', 'retry-after': '60' },
    });
  }
  importing = true;
  let csv: string | null;
  try {
    csv = await readAtMost(request, IMPORT_MAX_BYTES);
  } catch (error) {
    importing = false;
    throw error;
  }
  if (csv === null) {
    importing = false;
    return Response.json(
      errorLine({ key: 'console.importErrors.tooLarge', values: { limit: IMPORT_MAX_TEXT } }),
      { status: 413, headers: { 'cache-control': 'no-store' } },
    );
  }
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
        if (error instanceof ImportFileError) send(errorLine(error.reason));
        else {
          logger.warn({ err: (error as Error)?.name }, 'console import failed');
          send(errorLine({ key: 'console.importErrors.unavailable' }));
        }
      } finally {
        importing = false;
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
