'use client';

import { useText } from '@/components/client-text';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/field';
import { IMPORT_MAX_BYTES, IMPORT_MAX_TEXT } from '@/lib/ops/import-limit';
import type { ImportMessage, ImportSummary } from '@/lib/ops/import-passes';
import { FigureTable } from '../../_components/figure-table';

type Summary = ImportSummary & { dryRun: boolean };

/** Uploads the CSV, draws the import's progress as it streams, then its report. */
export function ImportForm() {
  const t = useText('console');
  // Reasons and refusals come as message keys with values, said in the page's language.
  const say = useText();
  const sentence = (m: ImportMessage) => say(m.key, m.values);
  const file = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const count = (n: number) => n.toLocaleString(document.documentElement.lang || undefined);
  const refused = (m: ImportMessage) => setError(t('importFailed', { reason: sentence(m) }));

  async function run(dryRun: boolean) {
    const chosen = file.current?.files?.[0];
    setError(null);
    setSummary(null);
    setProgress(null);
    if (!chosen) return setError(t('validation.file'));
    // The server refuses it too; saying so here spares the upload.
    if (chosen.size > IMPORT_MAX_BYTES)
      return refused({ key: 'console.importErrors.tooLarge', values: { limit: IMPORT_MAX_TEXT } });
    setRunning(true);
    setProgress({ done: 0, total: 1 });
    try {
      const response = await fetch(`/console/import/run${dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        body: chosen,
        headers: { 'content-type': 'text/csv' },
      });
      if (response.status === 413) return refused(await response.json());
      if (!response.ok || !response.body) throw new Error(String(response.status));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line);
          if (event.type === 'progress') setProgress({ done: event.done, total: event.total });
          if (event.type === 'summary') setSummary(event as Summary);
          if (event.type === 'error') refused(event as ImportMessage);
        }
      }
    } catch {
      refused({ key: 'console.importErrors.unavailable' });
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="space-y-4">
      <label className="block">
        <span className="block font-semibold">{t('file')}</span>
        <input ref={file} type="file" accept=".csv,text/csv" className="mt-1 block" name="file" />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" disabled={running} onClick={() => run(true)}>
          {t('dryRun')}
        </Button>
        <Button type="button" disabled={running} onClick={() => run(false)}>
          {t('runImport')}
        </Button>
      </div>
      {progress && (
        <label className="block">
          <span className="block text-sm">{t('progress')}</span>
          <progress
            className="w-full"
            max={Math.max(progress.total, 1)}
            value={progress.done}
            data-testid="import-progress"
          />
        </label>
      )}
      {error && (
        <p data-testid="import-error" className="font-medium text-red-700">
          {error}
        </p>
      )}
      {summary && (
        <section aria-labelledby="report-title" data-testid="import-report">
          <h2 id="report-title" className="text-lg font-bold">
            {summary.dryRun ? t('dryRunReport') : t('importReport')}
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4">
            <dt>{t('rows')}</dt>
            <dd data-testid="report-total">{summary.total}</dd>
            <dt>{t('inserted')}</dt>
            <dd data-testid="report-inserted">{summary.inserted}</dd>
            <dt>{t('updated')}</dt>
            <dd data-testid="report-updated">{summary.updated}</dd>
            <dt>{t('unchanged')}</dt>
            <dd data-testid="report-unchanged">{summary.unchanged}</dd>
            <dt>{t('rejected')}</dt>
            <dd data-testid="report-rejected">{summary.rejectedCount}</dd>
          </dl>
          {summary.rejectedCount > summary.rejected.length && (
            <p data-testid="report-rejections-note" className="mt-2">
              {t('rejectedFirst', {
                shown: count(summary.rejected.length),
                total: count(summary.rejectedCount),
              })}
            </p>
          )}
          {summary.rejected.length > 0 && (
            <FigureTable
              testId="report-rejections"
              caption={t('rejected')}
              head={[t('line'), t('rejectReason')]}
              rows={summary.rejected.map((r) => [r.line, sentence(r)])}
            />
          )}
        </section>
      )}
    </div>
  );
}
