/** The report docs/BENCHMARKS.md is assembled from: lines, printed as they come. */
export class Report {
  readonly lines: string[] = [];
  log(line = '') {
    console.log(line);
    this.lines.push(line);
  }
  table(header: string[], rows: Array<Array<string | number>>) {
    this.log(`| ${header.join(' | ')} |`);
    this.log(`|${header.map(() => '---').join('|')}|`);
    for (const r of rows) this.log(`| ${r.join(' | ')} |`);
  }
}

export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
export const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
