/**
 * The report docs/BENCHMARKS.md is assembled from: lines, printed as they come. What it says is
 * in bench/report-text.ts (and the lists' and the console's own sections).
 */
import fs from 'node:fs';

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
  /** docs/BENCHMARKS.md: this run's lines, then bench/NOTES.md, the reading kept by hand. */
  save() {
    fs.mkdirSync('docs', { recursive: true });
    const notes = fs.existsSync('bench/NOTES.md')
      ? `\n${fs.readFileSync('bench/NOTES.md', 'utf8')}`
      : '';
    fs.writeFileSync('docs/BENCHMARKS.md', `${this.lines.join('\n')}\n${notes}`);
  }
}

export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
export const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
