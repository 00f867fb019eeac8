import { getTranslations } from 'next-intl/server';
import { Chart, type ChartSpec } from './chart';
import { FigureTable } from './figure-table';

/**
 * One figure of the overview: its heading, the chart, and the chart's figures as a table (the
 * text alternative), folded away under `foldTable` where the table is long.
 */
export async function ChartSection({
  id,
  title,
  tableTitle,
  spec,
  head,
  rows,
  testId,
  foldTable,
  children,
}: {
  id: string;
  title: string;
  tableTitle: string;
  spec: ChartSpec | null;
  head: string[];
  rows: Array<Array<string | number>>;
  testId?: string;
  foldTable?: boolean;
  children?: React.ReactNode;
}) {
  const t = await getTranslations('console');
  // Nothing to draw: say so, rather than an empty frame of axes.
  const empty = spec?.datasets.every((d) => d.data.every((n) => n === 0));
  const table = <FigureTable testId={testId} caption={tableTitle} head={head} rows={rows} />;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="text-lg font-bold">
        {title}
      </h2>
      {children}
      {spec && empty && (
        <p data-testid={testId && `${testId}-empty`} className="py-6 text-center text-slate-600">
          {t('noData')}
        </p>
      )}
      {spec && !empty && <Chart title={title} spec={spec} />}
      {foldTable ? (
        <details className="mt-2">
          <summary className="cursor-pointer">{tableTitle}</summary>
          {table}
        </details>
      ) : (
        table
      )}
    </section>
  );
}
