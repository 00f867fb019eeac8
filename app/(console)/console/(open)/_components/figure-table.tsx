/** A chart's figures as a table: its text alternative, read by screen readers and tests alike. */
export function FigureTable({
  caption,
  head,
  rows,
  testId,
}: {
  caption: string;
  head: string[];
  rows: Array<Array<string | number>>;
  testId?: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table data-testid={testId} className="mt-3 min-w-full text-sm">
        <caption className="text-left text-slate-700">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {head.map((h) => (
              <th
                key={h}
                scope="col"
                className="whitespace-nowrap px-2 py-1 text-left font-semibold"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="border-b border-slate-100">
              {row.map((cell, j) => (
                <td
                  key={j}
                  // Short values (pass numbers, times) stay on one line; long ids (a provider's
                  // message id) wrap anywhere, so the table fits the page.
                  className={`px-2 py-1 tabular-nums ${String(cell ?? '').length > 24 ? '[overflow-wrap:anywhere]' : 'whitespace-nowrap'}`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
