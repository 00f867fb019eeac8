/**
 * `npm run lint` runs this: every document or migration the repository's code, tests and docs
 * refer to must exist in it, and none may point at one it does not have (a "SPEC", a path outside
 * the repository, a migration by bare number). Prints each broken reference and exits 1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|mjs|md|sql)$/.test(f) && fs.existsSync(f))
  .filter((f) => f !== 'scripts/check-references.ts');

const CHECKS: Array<{ pattern: RegExp; broken: (match: RegExpExecArray) => string | null }> = [
  {
    // A document by path: it must be in the repository.
    pattern: /\b((?:docs|bench)\/[\w.-]+\.md|README\.md)\b/g,
    broken: (m) => (fs.existsSync(m[1]!) ? null : `${m[1]} does not exist`),
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
  {
    // Documents the repository does not have.
    pattern: /\bSPEC(?:\.md)?\b|\.\.\/shared\b/g,
    broken: (m) => `${m[0]} is not in this repository`,
  },
];

let failures = 0;
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const { pattern, broken } of CHECKS) {
      for (const match of line.matchAll(pattern)) {
        const problem = broken(match as RegExpExecArray);
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
