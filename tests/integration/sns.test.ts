import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { passes, verificationAttempts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { issueCode } from '../support/parsed';
import { addHolder, engineDeps } from '../support/engine';
import { startSnsStub, stubTransport, type SnsStub } from '../support/sns-stub';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
let stub: SnsStub;

const snsDeps = (timeoutMs = 3000) =>
  engineDeps(h.db, {
    sms: stubTransport(stub, { timeoutMs }),
  });

const attemptOf = async (passNumber: string) => {
  const [pass] = await h.db.select().from(passes).where(eq(passes.passNumber, passNumber));
  const rows = await h.db
    .select()
    .from(verificationAttempts)
    .where(eq(verificationAttempts.passId, pass!.id));
  return rows.sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
};

beforeAll(async () => {
  h = await freshPostgres();
  await seedDemoData(h.db);
  stub = await startSnsStub();
});
afterAll(async () => {
  await stub?.close();
  await h?.close();
});
beforeEach(() => stub.reset());

describe('SMS through Amazon SNS, at the wire', () => {
  it('publishes in E.164 as Transactional and records the MessageId', async () => {
    const holder = await addHolder(h.db);
    const result = await issueCode(snsDeps(), { channel: 'public', ...holder });
    expect(result.ok).toBe(true);
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req.Action).toBe('Publish');
    expect(req.PhoneNumber).toBe(`+886${holder.mobile.slice(1)}`);
    expect(Object.values(req)).toContain('AWS.SNS.SMS.SMSType');
    expect(Object.values(req)).toContain('Transactional');
    const [attempt] = await attemptOf(holder.passNumber);
    expect(attempt).toMatchObject({ state: 'sent', providerMessageId: 'msg-1' });
  });

  it('retries throttling and succeeds', async () => {
    stub.mode = 'throttle-once';
    const holder = await addHolder(h.db);
    const result = await issueCode(snsDeps(), { channel: 'public', ...holder });
    expect(result.ok).toBe(true);
    expect(stub.requests.length).toBe(2);
  });

  it('a 4xx rejection marks the attempt send-failed and a new request for the triple is allowed', async () => {
    stub.mode = 'reject';
    const holder = await addHolder(h.db);
    expect(await issueCode(snsDeps(), { channel: 'public', ...holder })).toEqual({
      ok: false,
      reason: 'send-failed',
      kind: 'rejected',
    });
    expect(stub.requests).toHaveLength(1); // InvalidParameter is not retried
    expect((await attemptOf(holder.passNumber))[0]).toMatchObject({ state: 'send-failed' });
    stub.mode = 'ok';
    expect((await issueCode(snsDeps(), { channel: 'public', ...holder })).ok).toBe(true);
  });

  it('5xx is retried, then reported as unavailable without burning the window', async () => {
    stub.mode = 'fail';
    const holder = await addHolder(h.db);
    expect(await issueCode(snsDeps(), { channel: 'public', ...holder })).toEqual({
      ok: false,
      reason: 'send-failed',
      kind: 'unavailable',
    });
    expect(stub.requests.length).toBe(3);
    stub.mode = 'ok';
    expect((await issueCode(snsDeps(), { channel: 'public', ...holder })).ok).toBe(true);
  });

  it('a hung server is cut by the timeout and reported', async () => {
    stub.mode = 'hang';
    const holder = await addHolder(h.db);
    const started = Date.now();
    const result = await issueCode(snsDeps(800), { channel: 'public', ...holder });
    expect(result).toEqual({ ok: false, reason: 'send-failed', kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await attemptOf(holder.passNumber))[0]?.providerError).toMatch(/^timeout/);
  });
});
