/**
 * Issue 22.7: the action's deadline cancels, it does not abandon. A person is told "sent" with
 * the SMS gone out, or "unavailable" with no SMS, never both; once the SMS is out the answer is
 * "sent" and the code works, and no attempt stays 'sending' for good.
 */
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type DatabaseHandle } from '@/db/client';
import { settleStaleSending } from '@/db/queries/verification';
import { passes, verificationAttempts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { withDeadline } from '@/lib/web/deadline';
import { confirmCode, issueCode, type IssueResult } from '@/lib/verification';
import { addHolder, engineDeps } from '../support/engine';
import { startSnsStub, stubTransport, type SnsStub } from '../support/sns-stub';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle & { url: string };
let stub: SnsStub;
const OUTAGE = 'unavailable' as const;

const snsDeps = (db: Db = h.db) =>
  engineDeps(db, {
    sms: stubTransport(stub, { timeoutMs: 8000, maxAttempts: 1 }),
  });

const attemptsOf = async (passNumber: string) => {
  const [pass] = await h.db.select().from(passes).where(eq(passes.passNumber, passNumber));
  return h.db.select().from(verificationAttempts).where(eq(verificationAttempts.passId, pass!.id));
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

describe('the deadline cancels the SMS it has not handed over', () => {
  it('SNS answering after the deadline: told unavailable and no SMS taken, never both; the window is free again', async () => {
    const holder = await addHolder(h.db);
    stub.delayMs = 1300; // the provider answers after the deadline (13 s against 14 s, scaled)
    const answer = await withDeadline<IssueResult | typeof OUTAGE>(
      1000,
      (deadline) => issueCode(snsDeps(), { channel: 'public', ip: null, ...holder, deadline }),
      () => OUTAGE,
    );
    if (answer === OUTAGE) expect(stub.completed).toBe(0);
    else expect(answer.ok && stub.completed === 1).toBe(true);
    expect(answer).toBe(OUTAGE);
    await expect
      .poll(async () => (await attemptsOf(holder.passNumber))[0]?.state, { timeout: 5000 })
      .toBe('send-failed');
    stub.delayMs = 0;
    expect(await issueCode(snsDeps(), { channel: 'public', ip: null, ...holder })).toMatchObject({
      ok: true,
    });
  });

  it('an SMS the provider took before the deadline is answered "sent", even when its record is slow', async () => {
    const holder = await addHolder(h.db);
    const blocker = postgres(h.url, { max: 1, onnotice: () => {} });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The record of the send waits on a lock held past the deadline.
    stub.onPublish = async () => {
      const locked = new Promise<void>((resolve) => {
        void blocker.begin(async (tx) => {
          await tx`select id from verification_attempts where mobile = ${holder.mobile} for update`;
          resolve();
          await held;
        });
      });
      await locked;
    };
    setTimeout(() => release(), 1500);
    const answer = await withDeadline<IssueResult | typeof OUTAGE>(
      500,
      (deadline) => issueCode(snsDeps(), { channel: 'public', ip: null, ...holder, deadline }),
      () => OUTAGE,
    );
    await blocker.end();
    expect(stub.completed).toBe(1);
    expect(answer).toMatchObject({ ok: true });
    expect((await attemptsOf(holder.passNumber))[0]?.state).toBe('sent');
  });
});

describe('the database failing between the publish and its record', () => {
  it('the answer is "sent", the code works, and the attempt does not stay sending for good', async () => {
    const holder = await addHolder(h.db);
    const doomed = await openDatabase({ kind: 'postgres', url: h.url, max: 2 });
    stub.onPublish = () => doomed.close();
    const answer = await issueCode(snsDeps(doomed.db), { channel: 'public', ip: null, ...holder });
    expect(answer).toMatchObject({ ok: true });
    expect(stub.completed).toBe(1);
    const [attempt] = await attemptsOf(holder.passNumber);
    expect(attempt?.state).toBe('sending');
    // What no retry could record is settled at the next start.
    expect(await settleStaleSending(h.db, { before: new Date(Date.now() + 1000) })).toBe(1);
    expect((await attemptsOf(holder.passNumber))[0]?.state).toBe('sent');
    const code = /(\d{6})/.exec(stub.requests.at(-1)!.Message!)![1]!;
    expect(
      await confirmCode(engineDeps(h.db), { channel: 'public', ip: null, ...holder, code }),
    ).toMatchObject({ ok: true });
  });
});
