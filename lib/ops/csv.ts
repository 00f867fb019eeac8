const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

const newlinesIn = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; blank lines skipped. Yields
 * [line number, fields], one row at a time (a caller reads a large file in batches). Fields are
 * slices of the text, not built a character at a time.
 */
export function* parseCsv(text: string): Generator<[number, string[]]> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // BOM from Excel
  let line = 1;
  while (i < n) {
    const rowStart = line;
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          const part = text.slice(i, q === -1 ? n : q);
          field += part;
          line += newlinesIn(part);
          if (q === -1) {
            i = n;
            break;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      // An unquoted field, or what follows a closing quote, up to the next delimiter.
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === CR || c === LF) break;
      }
      field += text.slice(i, j);
      row.push(field);
      i = j + 1;
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === COMMA) {
        if (i >= n) row.push('');
        else continue;
        break;
      }
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (row.some((f) => f !== '')) yield [rowStart, row];
  }
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
