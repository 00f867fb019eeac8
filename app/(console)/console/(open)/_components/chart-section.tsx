import { Chart, type ChartSpec } from './chart';
import { FigureTable } from './figure-table';

/**
 * One figure of the overview: its heading, the chart, and the chart's figures as a table (the
 * text alternative), folded away under `foldTable` where the table is long.
 */
export function ChartSection({
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
  const table = <FigureTable testId={testId} caption={tableTitle} head={head} rows={rows} />;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="text-lg font-bold">
        {title}
      </h2>
      {children}
      {spec && <Chart title={title} spec={spec} />}
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
