import type { ReactNode } from 'react';

// The dashboard's list tables (通行證列表, 人員資料, a pass's history) from one set of blocks:
// the frame, the header row, rows and cells, and the line that says there is nothing to list.

/**
 * A list as a table. `minWidth` (a Tailwind class) keeps the columns readable, scrolling
 * sideways inside the frame; with `cards`, below 640 px each row is instead a card of labelled
 * lines (ListCell's `label`) and nothing scrolls.
 */
export function ListTable({
  columns,
  minWidth,
  cards = false,
  empty,
  bodyTestId,
  children,
}: {
  columns: ReactNode[];
  minWidth: string;
  cards?: boolean;
  /** Shown as the only row when there is nothing to list; null when there are rows. */
  empty: string | null;
  bodyTestId?: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`w-full text-left text-sm ${cards ? 'max-sm:block' : ''} ${minWidth}`}>
        <thead className={`bg-slate-100 text-slate-800 ${cards ? 'max-sm:hidden' : ''}`}>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className="px-3 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cards ? 'max-sm:block' : undefined} data-testid={bodyTestId}>
          {children}
          {empty !== null && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A row of a ListTable; `cards` as the table's. */
export function ListRow({ cards = false, children }: { cards?: boolean; children: ReactNode }) {
  return (
    <tr className={`border-t border-slate-200 ${cards ? 'max-sm:block max-sm:py-2' : ''}`}>
      {children}
    </tr>
  );
}

/** A cell on a narrow screen, in a table of cards: one line with its column's name before it. */
const CARD_LINE =
  'max-sm:flex max-sm:gap-2 max-sm:py-0.5 max-sm:before:w-28 max-sm:before:shrink-0 max-sm:before:font-semibold max-sm:before:content-[attr(data-label)]';

/** A cell of a ListRow: `label` names it on a card; `nowrap` keeps it on one line. */
export function ListCell({
  label,
  nowrap = false,
  children,
}: {
  label?: string;
  nowrap?: boolean;
  children: ReactNode;
}) {
  return (
    <td
      data-label={label}
      className={`px-3 py-2 ${nowrap ? 'whitespace-nowrap' : ''} ${label ? CARD_LINE : ''}`}
    >
      {children}
    </td>
  );
}
