import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { passes, persons, sendWindows, verificationAttempts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import type { SmsTransport } from '@/lib/sms/transport';
import { NOT_FOUND_MESSAGE, refusalMessage } from '@/lib/verification';
import { confirmCode, issueCode } from '../support/parsed';
import zhTW from '@/messages/zh-TW.json';
import {
  addHolder,
  companyIdByTaxId,
  countingTransport,
  engineDeps,
  latestCode,
  outboxCount,
} from '../support/engine';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await freshPostgres();
  await seedDemoData(h.db);
});
afterAll(() => h?.close());

const attemptsOf = async (passNumber: string) => {
  const [pass] = await h.db.select().from(passes).where(eq(passes.passNumber, passNumber));
  return h.db.select().from(verificationAttempts).where(eq(verificationAttempts.passId, pass!.id));
};
const passRow = async (passNumber: string) =>
  (await h.db.select().from(passes).where(eq(passes.passNumber, passNumber)))[0]!;

describe('rule 1: the public triple must match a pass, its holder and the person record', () => {
  it('sends a code for the demo triple KHPS113-000043 / QQ12345673 / 0912000043', async () => {
    const result = await issueCode(engineDeps(h.db), {
      channel: 'public',
      passNumber: ' khps113-000043 ',
      identityNumber: 'qq12345673',
      mobile: '0912-000-043',
    });
    expect(result).toMatchObject({ ok: true, maskedMobile: '0912-***-043' });
    expect(await outboxCount(h.db, '0912000043')).toBe(1);
  });

  it.each([
    [
      'a wrong mobile',
      { passNumber: 'KHPS113-000040', identityNumber: 'QQ12345671', mobile: '0912999999' },
    ],
    [
      'a wrong identity number',
      { passNumber: 'KHPS113-000040', identityNumber: 'QQ12345673', mobile: '0912000040' },
    ],
    [
      'an unknown pass',
      { passNumber: 'KHPS999-000001', identityNumber: 'QQ12345671', mobile: '0912000040' },
    ],
    [
      'a pass without a person record',
      { passNumber: 'KHPS113-000044', identityNumber: 'C223000441', mobile: '0912000044' },
    ],
  ])('refuses %s with the exact message and sends nothing', async (_, triple) => {
    const sms = countingTransport(engineDeps(h.db).sms);
    const result = await issueCode(engineDeps(h.db, { sms }), { channel: 'public', ...triple });
    expect(result).toEqual({ ok: false, reason: 'not-found' });
    const fmt = { day: (d: string) => d, dateTime: (d: Date) => d.toISOString() };
    expect(refusalMessage(result as never, 'public', fmt).key).toBe('refusal.notFound');
    expect(zhTW.refusal.notFound).toBe(NOT_FOUND_MESSAGE);
    expect(NOT_FOUND_MESSAGE).toBe('查無人員通行證或手機資料,無法取得驗證碼!');
    expect(sms.count).toBe(0);
  });

  it('cannot change a phone number: a verified public code never touches the person record', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const result = await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code });
    expect(result).toMatchObject({ ok: true, personUpdated: false });
  });
});

describe('rule 2: one send per triple within the 24-hour period', () => {
  it('refuses a second send and says when a new code can be requested', async () => {
    const holder = await addHolder(h.db);
    const first = await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const second = await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, reason: 'already-sent', code: 'usable' });
    if (first.ok && !second.ok && second.reason === 'already-sent') {
      expect(second.retryAfter.getTime()).toBe(first.expiresAt.getTime());
    }
  });

  it('the refusal says what is true of the code already sent: used once verified, dead once locked', async () => {
    const verified = await addHolder(h.db);
    const first = await issueCode(engineDeps(h.db), { channel: 'public', ...verified });
    const code = await latestCode(h.db, verified.mobile);
    expect(
      await confirmCode(engineDeps(h.db), { channel: 'public', ...verified, code }),
    ).toMatchObject({ ok: true });
    const again = await issueCode(engineDeps(h.db), { channel: 'public', ...verified });
    expect(again).toMatchObject({ ok: false, reason: 'already-sent', code: 'used' });
    if (first.ok && !again.ok && again.reason === 'already-sent')
      expect(again.retryAfter.getTime()).toBe(first.expiresAt.getTime());

    const locked = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...locked });
    const right = await latestCode(h.db, locked.mobile);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      await confirmCode(engineDeps(h.db), { channel: 'public', ...locked, code: wrong });
    expect(await issueCode(engineDeps(h.db), { channel: 'public', ...locked })).toMatchObject({
      ok: false,
      reason: 'already-sent',
      code: 'dead',
    });
  });

  it('holds in both channels: an applicant cannot resend what the public channel sent', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const applicant = await issueCode(engineDeps(h.db), {
      channel: 'applicant',
      accountId: 1,
      companyId,
      passNumber: holder.passNumber,
    });
    expect(applicant).toMatchObject({ ok: false, reason: 'already-sent' });
  });

  it('opens again after the period', async () => {
    const holder = await addHolder(h.db);
    const later = new Date(Date.now() + 24 * 3_600_000 + 1000);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const again = await issueCode(engineDeps(h.db, { now: () => later }), {
      channel: 'public',
      ...holder,
    });
    expect(again.ok).toBe(true);
  });

  it('50 concurrent requests for one triple send exactly one SMS and leave one live attempt', async () => {
    const holder = await addHolder(h.db);
    const sms = countingTransport(engineDeps(h.db).sms);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        issueCode(engineDeps(h.db, { sms }), { channel: 'public', ...holder }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already-sent')).toHaveLength(49);
    expect(sms.count).toBe(1);
    const live = (await attemptsOf(holder.passNumber)).filter(
      (a) => a.state === 'sent' || a.state === 'sending',
    );
    expect(live).toHaveLength(1);
  });

  it('a send the provider rejected does not use up the window', async () => {
    const holder = await addHolder(h.db);
    const refusing: SmsTransport = {
      name: 'sns',
      send: async () => ({ ok: false, kind: 'rejected', detail: 'InvalidParameter' }),
    };
    const failed = await issueCode(engineDeps(h.db, { sms: refusing }), {
      channel: 'public',
      ...holder,
    });
    expect(failed).toEqual({ ok: false, reason: 'send-failed', kind: 'rejected' });
    expect((await attemptsOf(holder.passNumber))[0]?.state).toBe('send-failed');
    const retry = await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    expect(retry.ok).toBe(true);
  });
});

describe('rule 3: a code is valid for the period and single use', () => {
  it('verifies once, then no code is pending', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    expect(
      await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code }),
    ).toMatchObject({ ok: true });
    expect(await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code })).toEqual({
      ok: false,
      reason: 'no-pending-code',
    });
    const pass = await passRow(holder.passNumber);
    expect(pass.verifiedMobile).toBe(holder.mobile);
    expect(pass.verifiedAt).toBeInstanceOf(Date);
  });

  it('is refused after the period as expired', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const later = new Date(Date.now() + 24 * 3_600_000 + 1000);
    expect(
      await confirmCode(engineDeps(h.db, { now: () => later }), {
        channel: 'public',
        ...holder,
        code,
      }),
    ).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('20 concurrent confirms with the right code give exactly one success', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('wrong codes: at most 5 tries per code, then it is locked', () => {
  it('counts down and locks', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code: wrong }),
      );
    expect(
      answers.map((a) => (a.ok ? 'ok' : a.reason === 'wrong-code' ? a.triesLeft : a.reason)),
    ).toEqual([4, 3, 2, 1, 'locked']);
    const [attempt] = await attemptsOf(holder.passNumber);
    // A dead code says when the triple can have a new one: the end of its 24-hour window.
    expect(await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code })).toEqual({
      ok: false,
      reason: 'locked',
      retryAfter: attempt!.expiresAt,
    });
  });

  it('concurrent wrong guesses never exceed 5 counted tries', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const guesses = Array.from({ length: 30 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const results = await Promise.all(
      guesses.map((g) => confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code: g })),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'wrong-code')).toHaveLength(4);
    const [attempt] = await attemptsOf(holder.passNumber);
    expect(attempt).toMatchObject({ failedTries: 5, state: 'locked' });
  });
});

describe('a newer code for the same pass supersedes older unused ones', () => {
  it('the older code stops working', async () => {
    const holder = await addHolder(h.db);
    const companyId = await companyIdByTaxId(h.db, '12345675');
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const oldCode = await latestCode(h.db, holder.mobile);
    const newer = await issueCode(engineDeps(h.db), {
      channel: 'applicant',
      accountId: 1,
      companyId,
      passNumber: holder.passNumber,
      changedMobile: '0987654321',
    });
    expect(newer.ok).toBe(true);
    expect(
      await confirmCode(engineDeps(h.db), { channel: 'public', ...holder, code: oldCode }),
    ).toEqual({
      ok: false,
      reason: 'no-pending-code',
    });
    const states = (await attemptsOf(holder.passNumber)).map((a) => a.state).sort();
    expect(states).toEqual(['sent', 'superseded']);
  });
});

describe('rule 5: a verified changed number updates the person record in the same transaction', () => {
  it('sends to 修改手機號碼 and updates 人員資料 on success', async () => {
    const holder = await addHolder(h.db);
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const sent = await issueCode(engineDeps(h.db), {
      channel: 'applicant',
      accountId: 1,
      companyId,
      passNumber: holder.passNumber,
      changedMobile: '0955-123-456',
    });
    expect(sent).toMatchObject({ ok: true, maskedMobile: '0955-***-456' });
    const code = await latestCode(h.db, '0955123456');
    const result = await confirmCode(engineDeps(h.db), {
      channel: 'applicant',
      companyId,
      passNumber: holder.passNumber,
      code,
    });
    expect(result).toMatchObject({ ok: true, personUpdated: true, mobile: '0955123456' });
    const [person] = await h.db
      .select()
      .from(persons)
      .where(eq(persons.identityNumber, holder.identityNumber));
    expect(person?.mobile).toBe('0955123456');
    expect((await passRow(holder.passNumber)).verifiedMobile).toBe('0955123456');
  });

  it('sends to 預設手機號碼 when 修改手機號碼 is empty', async () => {
    const holder = await addHolder(h.db);
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const sent = await issueCode(engineDeps(h.db), {
      channel: 'applicant',
      accountId: 1,
      companyId,
      passNumber: holder.passNumber,
      changedMobile: '',
    });
    expect(sent.ok).toBe(true);
    expect(await outboxCount(h.db, holder.mobile)).toBe(1);
  });
});

describe('rule 6: with 預設手機號碼 empty, 取得驗證碼 is unavailable', () => {
  it('refuses KHPS113-000044 (no person record) for the applicant', async () => {
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const result = await issueCode(engineDeps(h.db), {
      channel: 'applicant',
      accountId: 1,
      companyId,
      passNumber: 'KHPS113-000044',
      changedMobile: '0912000044',
    });
    expect(result).toEqual({ ok: false, reason: 'no-person-record' });
  });
});

describe('applicants act only on 所屬 and 非所屬 passes', () => {
  it('company A may send for KHPS113-000050 (非所屬) but not KHPS113-000060', async () => {
    const a = await companyIdByTaxId(h.db, '12345675');
    expect(
      (
        await issueCode(engineDeps(h.db), {
          channel: 'applicant',
          accountId: 1,
          companyId: a,
          passNumber: 'KHPS113-000050',
        })
      ).ok,
    ).toBe(true);
    expect(
      await issueCode(engineDeps(h.db), {
        channel: 'applicant',
        accountId: 1,
        companyId: a,
        passNumber: 'KHPS113-000060',
      }),
    ).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(
      await confirmCode(engineDeps(h.db), {
        channel: 'applicant',
        companyId: a,
        passNumber: 'KHPS113-000060',
        code: '123456',
      }),
    ).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });
});

describe('expired passes cannot be verified', () => {
  it('refuses KHPS112-000099 and says so', async () => {
    const result = await issueCode(engineDeps(h.db), {
      channel: 'public',
      passNumber: 'KHPS112-000099',
      identityNumber: 'D123000995',
      mobile: '0912000099',
    });
    expect(result).toMatchObject({ ok: false, reason: 'expired-pass' });
    const message = refusalMessage(result as never, 'public', {
      day: (d) => d.replaceAll('-', '/'),
      dateTime: String,
    });
    expect(message.key).toBe('refusal.expiredPass');
    expect(message.values?.validUntil).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
  });
});

describe('codes are stored only as keyed hashes', () => {
  it('no column of the attempt holds the code', async () => {
    const holder = await addHolder(h.db);
    await issueCode(engineDeps(h.db), { channel: 'public', ...holder });
    const code = await latestCode(h.db, holder.mobile);
    const [attempt] = await attemptsOf(holder.passNumber);
    expect(JSON.stringify(attempt)).not.toContain(code);
    expect(attempt?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const windows = await h.db.select().from(sendWindows);
    expect(JSON.stringify(windows)).not.toContain(code);
  });
});
