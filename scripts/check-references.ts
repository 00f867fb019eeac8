/**
 * `npm run lint` runs this: every document, migration or path the repository's code, tests and
 * docs refer to must exist in it. A reference to a document the repository does not have, to a
 * path outside it, or to a migration by bare number fails. Prints each and exits 1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|mjs|md|sql)$/.test(f) && fs.existsSync(f));

/** Every document the repository has, by name: a reference by bare name finds it anywhere. */
const documents = new Set(files.filter((f) => f.endsWith('.md')).map((f) => path.basename(f)));

/** A document named by path or by name: it must be one of the repository's own. */
function missingDocument(file: string, reference: string): string | null {
  if (reference.includes('/')) {
    const target = path.normalize(path.join(path.dirname(file), reference));
    if (target.startsWith('..')) return `${reference} points outside the repository`;
    return fs.existsSync(reference) || fs.existsSync(target) ? null : `${reference} does not exist`;
  }
  return documents.has(reference) ? null : `${reference} is not a document of this repository`;
}

const CHECKS: Array<{
  pattern: RegExp;
  broken: (match: RegExpExecArray, file: string) => string | null;
}> = [
  {
    // Documents by path or by name: the README, a file under docs/, one beside the file.
    pattern: /(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w-]+\/)*[A-Za-z][\w-]*\.md)\b/g,
    broken: (m, file) => missingDocument(file, m[1]!),
  },
  {
    // A migration by file name: it must be in db/migrations.
    pattern: /\b(\d{4}_[a-z0-9_]+)\.sql\b/g,
    broken: (m) =>
      fs.existsSync(`db/migrations/${m[1]}.sql`)
        ? null
        : `db/migrations/${m[1]}.sql does not exist`,
  },
  {
    // A migration by bare number says nothing a reader can open: name the file.
    pattern: /\bmigrations? (\d{4})\b/gi,
    broken: (m) => `name migration ${m[1]} by its file`,
  },
];

let failures = 0;
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const { pattern, broken } of CHECKS) {
      for (const match of line.matchAll(pattern)) {
        const problem = broken(match as RegExpExecArray, file);
        if (problem) {
          failures += 1;
          console.error(`${file}:${i + 1}: ${problem}`);
        }
      }
    }
  });
}
if (failures > 0) process.exit(1);
console.log(`references: ${files.length} files checked, none broken`);
