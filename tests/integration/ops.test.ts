import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, passes, verificationAttempts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { verifyCredentials } from '@/lib/auth/credentials';
import { PASS_CSV_HEADER } from '@/lib/ops/import-passes';
import { createDatabase, dropDatabase } from '../support/databases';
import { runOps } from '../support/run-ops';
import { openDatabase } from '@/db/client';
import { testServerUrl } from '../support/test-db';

let h: DatabaseHandle;
let url: string;
let dbName: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-'));

beforeAll(async () => {
  const created = await createDatabase(testServerUrl(), 'ops');
  url = created.url;
  dbName = created.name;
  h = await openDatabase({ kind: 'postgres', url });
  await h.migrate();
  await seedDemoData(h.db);
});
afterAll(async () => {
  await h?.close();
  await dropDatabase(testServerUrl(), dbName);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A valid national id for a serial number (check digit computed). */
function nationalId(n: number): string {
  const letterValue = 10; // A
  const body = `1${String(n).padStart(7, '0')}`;
  const digits = [Math.floor(letterValue / 10), letterValue % 10, ...body.split('').map(Number)];
  const weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const sum = digits.reduce((s, d, i) => s + d * weights[i]!, 0);
  return `A${body}${(10 - (sum % 10)) % 10}`;
}

function writeCsv(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [PASS_CSV_HEADER.join(','), ...lines].join('\n') + '\n');
  return file;
}

describe('operator CLI: companies and accounts', () => {
  it('adds a company with a valid 統一編號 and refuses a bad checksum', async () => {
    expect(
      (
        await runOps(['company', 'add', '--tax-id', '04595257', '--name', '測試港務公司'], {
          databaseUrl: url,
        })
      ).code,
    ).toBe(0);
    const bad = await runOps(['company', 'add', '--tax-id', '12345678', '--name', 'x'], {
      databaseUrl: url,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('統一編號');
    expect((await runOps(['company', 'list'], { databaseUrl: url })).stdout).toContain(
      '04595257\t測試港務公司',
    );
  });

  it('refuses what the console refuses, with the console’s sentence (one schema for both)', async () => {
    const long = await runOps(
      ['company', 'add', '--tax-id', '22099131', '--name', '港'.repeat(101)],
      {
        databaseUrl: url,
      },
    );
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('--name: Enter the company name (at most 100 characters).');
    const reason = await runOps(
      [
        'person',
        'transfer',
        '--identity',
        'A123000410',
        '--to',
        '87654322',
        '--reason',
        'x'.repeat(201),
      ],
      { databaseUrl: url },
    );
    expect(reason.code).toBe(2);
    expect(reason.stderr).toContain('--reason: Enter a reason (at most 200 characters).');
  });

  it('creates an account that can sign in; a disabled account cannot', async () => {
    const add = await runOps(['account', 'add', '--company', '04595257', '--login', 'ops-test'], {
      databaseUrl: url,
      stdin: 'long-enough-pass\n',
    });
    expect(add.code, add.stderr).toBe(0);
    expect(
      await verifyCredentials(h.db, { login: 'ops-test', password: 'long-enough-pass' }),
    ).toMatchObject({ ok: true, applicant: { login: 'ops-test' } });
    expect(
      (await runOps(['account', 'disable', '--login', 'ops-test'], { databaseUrl: url })).code,
    ).toBe(0);
    expect(
      await verifyCredentials(h.db, { login: 'ops-test', password: 'long-enough-pass' }),
    ).toEqual({ ok: false, reason: 'invalid' });
    expect((await runOps(['account', 'list'], { databaseUrl: url })).stdout).toMatch(
      /ops-test\t04595257\tops-test\t\(disabled\)/,
    );
  });

  it('adds, lists and disables an operator of the console (no company, audited)', async () => {
    const add = await runOps(
      ['operator', 'add', '--login', 'ops-console', '--display-name', '值班員'],
      {
        databaseUrl: url,
        stdin: 'operator-pass-123\n',
      },
    );
    expect(add.code, add.stderr).toBe(0);
    expect(
      await verifyCredentials(h.db, { login: 'ops-console', password: 'operator-pass-123' }),
    ).toMatchObject({ ok: true, operator: { login: 'ops-console', displayName: '值班員' } });
    expect((await runOps(['operator', 'list'], { databaseUrl: url })).stdout).toMatch(
      /ops-console\t值班員\tTOTP not enrolled/,
    );
    // One sign-in page: a login is an account's or an operator's, never both.
    const taken = await runOps(
      ['account', 'add', '--company', '12345675', '--login', 'ops-console'],
      {
        databaseUrl: url,
        stdin: 'long-enough-pass\n',
      },
    );
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('already taken');
    expect(
      (await runOps(['operator', 'disable', '--login', 'ops-console'], { databaseUrl: url })).code,
    ).toBe(0);
    expect(
      await verifyCredentials(h.db, { login: 'ops-console', password: 'operator-pass-123' }),
    ).toEqual({ ok: false, reason: 'invalid' });
    const audit = await h.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(like(auditLog.subject, 'operator:%'));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['operator.add', 'operator.disable']),
    );
  });

  it('gives clear errors and non-zero exits for bad arguments and missing files', async () => {
    expect(
      (await runOps(['passes', 'import', '/no/such.csv'], { databaseUrl: url })).stderr,
    ).toContain('no such file');
    expect(
      (await runOps(['attempts', 'purge', '--older-than', 'soon'], { databaseUrl: url })).code,
    ).toBe(2);
    const down = await runOps(['company', 'list'], {
      databaseUrl: 'postgres://x:y@127.0.0.1:1/none',
    });
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runOps(['passes', 'import', '--help'], { databaseUrl: url })).stdout).toContain(
      PASS_CSV_HEADER.join(','),
    );
  });
});

describe('operator CLI: passes import', () => {
  it('imports 50,000 rows with 1% bad rows: right counts, bad rows named by line', async () => {
    const lines: string[] = [];
    const bad = new Map<number, string>();
    for (let i = 0; i < 50_000; i++) {
      const line = i + 2;
      const pass = `KHPS120-${String(i).padStart(6, '0')}`;
      if (i % 100 === 7) {
        const kind = ((i / 100) % 4) | 0;
        const cases: Array<[string, string]> = [
          [`${pass},${nationalId(i)},工人${i},99999997,2026-01-01,2026-12-31`, 'unknown company'],
          [`${pass},A123000411,工人${i},12345675,2026-01-01,2026-12-31`, 'check digit'],
          [`${pass},${nationalId(i)},工人${i},12345675,2026-12-31,2026-01-01`, 'before'],
          [`KHPS120-000000,${nationalId(i)},工人${i},12345675,2026-01-01,2026-12-31`, 'duplicate'],
        ];
        const [text, reason] = cases[kind]!;
        lines.push(text);
        bad.set(line, reason);
        continue;
      }
      lines.push(
        `${pass},${nationalId(i)},"工人 ${i}",${i % 2 ? '12345675' : '87654322'},2026-01-01,2026-12-31`,
      );
    }
    const file = writeCsv('big.csv', lines);
    const started = Date.now();
    const result = await runOps(['passes', 'import', file], { databaseUrl: url });
    console.log(
      `[ops] imported 50,000 rows in ${((Date.now() - started) / 1000).toFixed(1)} s (including CLI start-up)`,
    );
    expect(result.code, `stderr: ${result.stderr}\nstdout tail: ${result.stdout.slice(-500)}`).toBe(
      0,
    );
    const summaryLine = result.stdout.split('\n').find((l) => l.startsWith('rows '));
    expect(summaryLine, result.stdout.slice(-300)).toMatch(
      /^rows 50000: inserted 49500, updated 0, unchanged 0, rejected 500 /,
    );
    for (const [line, reason] of [...bad].slice(0, 8))
      expect(result.stdout).toMatch(new RegExp(`line ${line}: rejected: .*${reason}`));

    const again = await runOps(['passes', 'import', file], { databaseUrl: url });
    expect(again.stdout.split('\n').find((l) => l.startsWith('rows '))).toMatch(
      /inserted 0, updated 0, unchanged 49500, rejected 500/,
    );
  }, 180_000);

  it('an update keeps 已驗證手機號碼, and a dry run writes nothing', async () => {
    const file = writeCsv('update.csv', [
      `KHPS113-000041,A123000410,林建宏,12345675,2026-01-01,2027-06-30`,
    ]);
    const dry = await runOps(['passes', 'import', file, '--dry-run'], { databaseUrl: url });
    expect(dry.stdout).toContain('[dry run, nothing written] rows 1: inserted 0, updated 1');
    const before = (
      await h.db.select().from(passes).where(eq(passes.passNumber, 'KHPS113-000041'))
    )[0]!;
    expect(before.validUntil).not.toBe('2027-06-30');
    await runOps(['passes', 'import', file], { databaseUrl: url });
    const after = (
      await h.db.select().from(passes).where(eq(passes.passNumber, 'KHPS113-000041'))
    )[0]!;
    expect(after).toMatchObject({ validUntil: '2027-06-30', verifiedMobile: '0912000041' });
  });

  it('attempts purge deletes old attempts and says how many', async () => {
    const [pass] = await h.db.select().from(passes).limit(1);
    await h.db.insert(verificationAttempts).values({
      id: crypto.randomUUID(),
      passId: pass!.id,
      identityNumber: pass!.holderIdentityNumber,
      mobile: '0912000000',
      channel: 'public',
      codeHash: 'a'.repeat(64),
      state: 'expired',
      sentAt: new Date(Date.now() - 200 * 86_400_000),
      expiresAt: new Date(Date.now() - 199 * 86_400_000),
    });
    const result = await runOps(['attempts', 'purge', '--older-than', '180d'], {
      databaseUrl: url,
    });
    expect(result.stdout).toMatch(/^deleted 1 verification attempts/);
  });
});
