/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Yields [line number, fields]. */
export function* parseCsv(text: string): Generator<[number, string[]]> {
  let line = 1;
  let rowStart = 1;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // BOM from Excel
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) yield [rowStart, row];
      row = [];
      field = '';
      line++;
      rowStart = line;
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) yield [rowStart, row];
}

// Invisible leaders a spreadsheet may skip before it looks for a formula: format characters
// (zero-width space, BOM, bidi marks and isolates: Unicode Cf) and spaces.
const FORMULA_START = /^[\p{Cf}\p{Zs}]*[=+\-@\t\r]/u;

/**
 * One CSV line (RFC 4180, CRLF) that Excel opens as text: a cell starting with = + - @ (or a tab
 * or carriage return), even behind invisible characters, is prefixed with an apostrophe, so it
 * is never run as a formula. Every CSV export of the service is written by this function.
 */
export function csvLine(cells: Array<string | number | null | undefined>): string {
  return (
    cells
      .map((cell) => {
        let text = cell == null ? '' : String(cell);
        if (FORMULA_START.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
