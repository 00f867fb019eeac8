/**
 * The security review's attacks on the SMS transport, the provider's late answers and the embedded database, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { sendWindows, verificationAttempts } from '@/db/schema';
import { assertProductionSettings, ConfigError, env } from '@/lib/env';
import type { SmsTransport } from '@/lib/sms/transport';
import { issueCode } from '../support/parsed';
import { addHolder, engineDeps } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;

beforeAll(async () => {
  ({ handle: h } = await freshDemoPostgres());
});
afterAll(() => h?.close());

describe('a forgotten SMS_TRANSPORT does not publish codes', () => {
  const base = {
    ...env,
    NODE_ENV: 'production' as const,
    DATABASE_URL: 'postgres://u:p@db/app',
    SMS_TRANSPORT: undefined,
  };
  it('a production start on PostgreSQL without SMS_TRANSPORT refuses with one line', () => {
    expect(() => assertProductionSettings(base)).toThrow(ConfigError);
    expect(() => assertProductionSettings(base)).toThrow(/^SMS_TRANSPORT is not set[^\n]*$/);
  });
  it('SMS_TRANSPORT=log set explicitly, and the embedded demo, still start', () => {
    expect(() => assertProductionSettings({ ...base, SMS_TRANSPORT: 'log' })).not.toThrow();
    expect(() => assertProductionSettings({ ...base, DATABASE_URL: undefined })).not.toThrow();
  });
});

describe('a late SNS failure cannot undo a verification', () => {
  it('a provider error reported after the code was confirmed leaves it verified and the window taken', async () => {
    const holder = await addHolder(h.db);
    let release: (v: Awaited<ReturnType<SmsTransport['send']>>) => void = () => {};
    const slow: SmsTransport = { name: 'log', send: () => new Promise((r) => (release = r)) };
    const deps = engineDeps(h.db, { sms: slow });
    const issuing = issueCode(deps, { channel: 'public', ...holder });
    await new Promise((r) => setTimeout(r, 300));
    // The attempt is 'sending'; guess the code is impossible, so mark it verified as a confirm would.
    const [attempt] = await h.db
      .select()
      .from(verificationAttempts)
      .where(eq(verificationAttempts.mobile, holder.mobile));
    await h.db
      .update(verificationAttempts)
      .set({ state: 'verified' })
      .where(eq(verificationAttempts.id, attempt!.id));
    release({ ok: false, kind: 'unavailable', detail: 'late' });
    await issuing;
    const [after] = await h.db
      .select()
      .from(verificationAttempts)
      .where(eq(verificationAttempts.id, attempt!.id));
    expect(after?.state).toBe('verified');
    const [window] = await h.db
      .select()
      .from(sendWindows)
      .where(eq(sendWindows.attemptId, attempt!.id));
    expect(window!.openUntil.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('the embedded database has one process', () => {
  it('the operator CLI refuses to write into an embedded database the server holds, and says why', async () => {
    const { openDatabase } = await import('@/db/client');
    const { spawnSync } = await import('node:child_process');
    const dir = `${(await import('node:os')).tmpdir()}/ppv-lock-${process.pid}-${Date.now()}`;
    const held = await openDatabase({ kind: 'pglite', dir });
    const ops = () =>
      spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/ops.ts', 'company', 'list'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          PGLITE_DIR: dir,
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
        },
        encoding: 'utf8',
      });
    const refused = ops();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${process.pid}`);
    await held.close();
    expect(ops().status).toBe(0);
  }, 60_000);
});
