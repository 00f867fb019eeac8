import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { IMPORT_MAX_BYTES } from '@/lib/ops/import-limit';
import {
  ImportFileError,
  importPasses,
  inEnglish,
  PASS_CSV_HEADER,
  REJECTIONS_LISTED,
} from '@/lib/ops/import-passes';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
beforeAll(async () => {
  ({ handle: h } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const HEADER = PASS_CSV_HEADER.join(',');
const actor = 'operator:test';

describe('pass import: a file of junk', () => {
  it('500,000 junk lines: the report lists the first 1,000 rejections and counts the rest', async () => {
    const lines = 500_000;
    const csv = `${HEADER}\n${'x\n'.repeat(lines)}`;
    const summary = await importPasses(h.db, csv, { dryRun: true, actor });
    expect(summary).toMatchObject({ total: lines, inserted: 0, rejectedCount: lines });
    expect(summary.rejected).toHaveLength(REJECTIONS_LISTED);
    expect(summary.rejected[0]).toEqual({
      line: 2,
      key: 'console.importReasons.fields',
      values: { expected: 6, found: 1 },
    });
    expect(summary.rejected.at(-1)!.line).toBe(REJECTIONS_LISTED + 1);
  });

  it('20 MB of junk lines do not stall the instance: the import yields between batches of rows', async () => {
    const lines = Math.floor((IMPORT_MAX_BYTES - HEADER.length - 1) / 2);
    const csv = `${HEADER}\n${'x\n'.repeat(lines)}`;
    // Another request's work, as the event loop would run it: counted each time it gets a turn.
    let turns = 0;
    let done = false;
    const other = () => {
      turns += 1;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const heapBefore = process.memoryUsage().heapUsed;
    delay.enable();
    const started = performance.now();
    const summary = await importPasses(h.db, csv, { dryRun: true, actor });
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    done = true;
    expect(summary.rejectedCount).toBe(lines);
    // One turn at least per batch of 2,000 rows checked: never one long block.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(lines / 2000));
    console.log(
      `[import junk, in process] ${lines.toLocaleString('en-US')} lines in ${seconds.toFixed(2)} s, ` +
        `${turns.toLocaleString('en-US')} turns given to other work; event-loop delay p99 ` +
        `${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms; ` +
        `heap after ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(0)} MB above before`,
    );
  });
});

describe('pass import: reasons as message keys and values', () => {
  it('each reason is a key with its values; the CLI says it in English', async () => {
    const csv = [
      HEADER,
      'KHPS113-000043,QQ12345673,陳志明,12345675,2026-01-01,2027-01-01',
      'KHPS160-000001,A123000411,某人,12345675,2026-01-01,2027-01-01',
      'KHPS160-000002,A12300041,某人,12345675,2026-01-01,2027-01-01',
      'KHPS160-000003,A123456789,某人,99999997,2026-01-01,2027-01-01',
      'KHPS160-000004,A123456789,某人,12345675,2027-01-01,2026-01-01',
      'KHPS160-000004,A123456789,某人,12345675,2026-01-01,2027-01-01',
      'KHPS160-000005,A123456789,某人,12345675,2026-13-01,2027-01-01',
      'KHPS160-000006,A123456789,,12345675,2026-01-01,2027-01-01',
      'KHPS160-000007,A123456789,某人,12345678,2026-01-01,2027-01-01',
      'bad pass,A123456789,某人,12345675,2026-01-01,2027-01-01',
      'only,three,fields',
    ].join('\n');
    const summary = await importPasses(h.db, csv, { dryRun: true, actor });
    expect(summary.rejectedCount).toBe(10);
    expect(summary.rejected).toEqual([
      { line: 3, key: 'validation.identityChecksum' },
      { line: 4, key: 'validation.identityFormat' },
      { line: 5, key: 'console.importReasons.unknownCompany', values: { taxId: '99999997' } },
      { line: 6, key: 'console.importReasons.dateOrder' },
      {
        line: 7,
        key: 'console.importReasons.duplicate',
        values: { passNumber: 'KHPS160-000004', firstLine: 6 },
      },
      { line: 8, key: 'console.importReasons.dates' },
      { line: 9, key: 'console.importReasons.name' },
      { line: 10, key: 'console.importReasons.taxId' },
      { line: 11, key: 'console.importReasons.passNumber' },
      { line: 12, key: 'console.importReasons.fields', values: { expected: 6, found: 3 } },
    ]);
    expect(summary.rejected.map(inEnglish)).toEqual([
      "The ID number's check digit is wrong; check the last digit",
      'ID number: 1 letter and 9 digits, or 2 letters and 8 digits',
      'unknown company 99999997',
      'valid_until is before valid_from',
      'duplicate pass number KHPS160-000004 (first on line 6)',
      'dates must be YYYY-MM-DD or YYYY/MM/DD (from 1900)',
      'holder name is empty or too long',
      'invalid 統一編號 (company_tax_id)',
      'invalid pass number',
      'expected 6 fields, found 3',
    ]);
    // The seeded holder's own row (QQ12345673, a series without a check digit) is accepted.
    expect(summary.updated + summary.unchanged + summary.inserted).toBe(1);
    expect(JSON.stringify(summary)).not.toContain('A123000411');
  });

  it('a file whose first line is not the header is refused whole, with a key', async () => {
    const error = await importPasses(h.db, 'KHPS160-000001,A123456789\n', { actor }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).reason).toEqual({
      key: 'console.importErrors.header',
      values: { header: HEADER },
    });
    expect((error as Error).message).toBe(`the first line must be the header: ${HEADER}`);
  });
});
