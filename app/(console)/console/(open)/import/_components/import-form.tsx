'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useText } from '@/components/client-text';
import { Button } from '@/components/ui/field';
import { importFileSchema } from '@/lib/schemas/console';
import { IMPORT_MAX_TEXT } from '@/lib/ops/import-limit';
import type { ImportMessage, ImportSummary } from '@/lib/ops/import-passes';
import { FigureTable } from '../../_components/figure-table';

type Summary = ImportSummary & { dryRun: boolean };

/**
 * Uploads the CSV, draws the import's progress as it streams, then its report. react-hook-form
 * checks the file with the schema first (one CSV, within the limit): nothing is uploaded before.
 */
export function ImportForm() {
  const t = useText('console');
  // Reasons and refusals come as message keys with values, said in the page's language.
  const say = useText();
  const sentence = (m: ImportMessage) => say(m.key, m.values);
  const form = useForm({ resolver: zodResolver(importFileSchema) });
  const fileError = form.formState.errors.file?.message;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  // handleSubmit awaits the run: the form is submitting for as long as the import runs.
  const running = form.formState.isSubmitting;
  const count = (n: number) => n.toLocaleString(document.documentElement.lang || undefined);
  const refused = (m: ImportMessage) => setError(t('importFailed', { reason: sentence(m) }));

  async function run(dryRun: boolean, chosen: File) {
    setError(null);
    setSummary(null);
    setProgress({ done: 0, total: 1 });
    try {
      const response = await fetch(`/console/import/run${dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        body: chosen,
        headers: { 'content-type': 'text/csv' },
      });
      // Too large, or another import running: a sentence, not a stream.
      if (response.status === 413 || response.status === 429) return refused(await response.json());
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
    }
  }

  const onSubmit = form.handleSubmit(({ file }, event) => {
    const submitter = (event?.nativeEvent as SubmitEvent | undefined)?.submitter;
    return run(submitter?.getAttribute('value') !== 'import', file[0]!);
  });

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <label className="block">
          <span className="block font-semibold">{t('file')}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="mt-1 block"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'import-file-error' : undefined}
            {...form.register('file', { onChange: () => setError(null) })}
          />
          {fileError && (
            <span
              id="import-file-error"
              data-testid="import-error"
              className="mt-1 block font-medium text-red-700"
            >
              {say(fileError, { limit: IMPORT_MAX_TEXT })}
            </span>
          )}
        </label>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="mode" value="dry-run" variant="secondary" disabled={running}>
            {t('dryRun')}
          </Button>
          <Button type="submit" name="mode" value="import" disabled={running}>
            {t('runImport')}
          </Button>
        </div>
      </form>
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
