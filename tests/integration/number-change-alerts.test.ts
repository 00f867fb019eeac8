import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { listCompanyVerification } from '@/db/queries/console';
import { queuePersonEditAlert } from '@/db/queries/verification';
import { accounts, numberChangeAlerts, passes, persons, smsOutbox } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { loadAudit } from '@/lib/console/audit';
import { taipeiDate } from '@/lib/values/dates';
import { DAY_MS, dayStart } from '@/lib/domain/limits';
import { metrics, observeEngine } from '@/lib/server/metrics';
import { updatePerson } from '@/lib/domain/persons';
import { type EngineDeps } from '@/lib/verification';
import { confirmCode, issueCode } from '../support/parsed';
import { sendNumberChangeAlerts, STALE_ALERT_MS } from '@/lib/verification/alerts';
import { addHolder, companyIdByTaxId, engineDeps, latestCode } from '../support/engine';
import { startSnsStub, stubTransport, type SnsStub } from '../support/sns-stub';
import { freshDemoPostgres, freshPglite } from '../support/test-db';

// Rule 22: when a verification or a 人員資料 edit replaces the number a pass was verified to, the
// old number gets one SMS. Everything here goes through real PostgreSQL and the real AWS SDK
// against a local SNS stub.

let h: DatabaseHandle;
let stub: SnsStub;
let companyA: number;
let accountA: number;

const CONTACT = '07-562-2030';

const snsDeps = (overrides: Partial<EngineDeps> = {}) =>
  engineDeps(h.db, {
    sms: stubTransport(stub),
    observe: observeEngine,
    alertContact: CONTACT,
    ...overrides,
  });

const e164 = (mobile: string) => `+886${mobile.slice(1)}`;
/** Every SMS the provider was asked to send to a number, oldest first. */
const smsTo = (mobile: string) =>
  stub.requests.filter((r) => r.PhoneNumber === e164(mobile)).map((r) => r.Message!);
const CODE = /#(\d{6})$/;
const codeSentTo = (mobile: string) => smsTo(mobile).at(-1)!.match(CODE)![1]!;
/** The SMS to a number that are not codes: the alerts it was sent. */
const alertsTo = (mobile: string) => smsTo(mobile).filter((m) => !CODE.test(m));

let serial = 0;
/** A number no other test uses. */
const freshMobile = () =>
  `09${String(process.pid % 1000).padStart(3, '0')}${String((serial += 1)).padStart(5, '0')}`;

const alertsOf = (identityNumber: string) =>
  h.db
    .select()
    .from(numberChangeAlerts)
    .where(eq(numberChangeAlerts.identityNumber, identityNumber));

const passOf = async (passNumber: string) =>
  (await h.db.select().from(passes).where(eq(passes.passNumber, passNumber)))[0]!;
const personOf = async (identityNumber: string) =>
  (await h.db.select().from(persons).where(eq(persons.identityNumber, identityNumber)))[0]!;

type Holder = Awaited<ReturnType<typeof addHolder>>;

/** The holder verifies the record's number on the public page (issue, read the SMS, confirm). */
async function verifyOnPublicPage(deps: EngineDeps, holder: Holder, mobile = holder.mobile) {
  const triple = {
    channel: 'public' as const,
    passNumber: holder.passNumber,
    identityNumber: holder.identityNumber,
    mobile,
  };
  expect(await issueCode(deps, { ...triple, locale: 'zh-TW' })).toMatchObject({ ok: true });
  return confirmCode(deps, { ...triple, code: codeSentTo(mobile) });
}

/** Company A's applicant sends a code to 修改手機號碼; the code that number received. */
async function sendToChangedNumber(deps: EngineDeps, holder: Holder, changedMobile: string) {
  const applicant = { channel: 'applicant' as const, accountId: accountA, companyId: companyA };
  expect(
    await issueCode(deps, { ...applicant, passNumber: holder.passNumber, changedMobile }),
  ).toMatchObject({ ok: true });
  return codeSentTo(changedMobile);
}

/** Company A's applicant confirms a code on the holder's pass page. */
const confirmAsApplicant = (deps: EngineDeps, holder: Holder, code: string) =>
  confirmCode(deps, {
    channel: 'applicant',
    companyId: companyA,
    passNumber: holder.passNumber,
    code,
  });

/** The applicant sends a code to 修改手機號碼 and confirms it. */
async function changeNumberAsApplicant(deps: EngineDeps, holder: Holder, changedMobile: string) {
  return confirmAsApplicant(deps, holder, await sendToChangedNumber(deps, holder, changedMobile));
}

/** A holder whose pass is verified to their record's number, without any alert. */
async function verifiedHolder(deps = snsDeps()) {
  const holder = await addHolder(h.db);
  expect(await verifyOnPublicPage(deps, holder)).toMatchObject({ ok: true });
  return holder;
}

const alertCounter = async () =>
  (await metrics().alerts.get()).values.reduce<Record<string, number>>((out, v) => {
    out[`${v.labels.outcome}${v.labels.kind ? `:${v.labels.kind}` : ''}`] = v.value;
    return out;
  }, {});

beforeAll(async () => {
  const demo = await freshDemoPostgres();
  h = demo.handle;
  companyA = demo.companyA;
  const [a] = await h.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.login, 'demo-a'));
  accountA = a!.id;
  stub = await startSnsStub();
});
afterAll(async () => {
  await stub?.close();
  await h?.close();
});
beforeEach(() => stub.reset());

describe('rule 22: the previously verified number is told, whichever way it is replaced', () => {
  it('an applicant’s changed number (修改手機號碼 + its code): one SMS to the old number, naming pass, company, time and contact', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const newMobile = freshMobile();
    const sentBefore = (await alertCounter()).sent ?? 0;

    const result = await changeNumberAsApplicant(deps, holder, newMobile);

    expect(result).toMatchObject({ ok: true, personUpdated: true, mobile: newMobile });
    expect((await passOf(holder.passNumber)).verifiedMobile).toBe(newMobile);
    const told = alertsTo(holder.mobile);
    expect(told).toHaveLength(1);
    const body = told[0]!;
    expect(body).toContain(`***${holder.passNumber.slice(-3)}`);
    expect(body).not.toContain(holder.passNumber);
    expect(body).toContain('高港示範運輸'); // the maintaining company, without its legal form
    expect(body).toContain(CONTACT);
    expect(body).toMatch(/\d{2}\/\d{2}/); // when
    expect(body).not.toMatch(/\d{5,}|https?:|@|#/); // nothing to type: no code, no link
    expect(body.length).toBeLessThanOrEqual(70);
    // Nothing to the new number but its code.
    expect(smsTo(newMobile)).toHaveLength(1);

    const [alert] = await alertsOf(holder.identityNumber);
    expect(alert).toMatchObject({
      cause: 'applicant-confirm',
      toMobile: holder.mobile,
      newMobile,
      companyId: companyA,
      accountId: accountA,
      state: 'sent',
      locale: 'zh-TW',
    });
    expect(alert!.providerMessageId).toMatch(/^msg-/);
    expect((await alertCounter()).sent).toBe(sentBefore + 1);
  });

  it('the record’s number confirmed on the public page after it changed: the pass’s old verified number is told', async () => {
    const deps = snsDeps();
    const holder = await addHolder(h.db);
    // The pass was verified to another number before the record took this one (demo pass
    // KHPS113-000042's 待驗證 state): made as the seed makes it.
    const oldVerified = freshMobile();
    await h.db
      .update(passes)
      .set({ verifiedMobile: oldVerified, verifiedAt: new Date(Date.now() - DAY_MS) })
      .where(eq(passes.passNumber, holder.passNumber));

    expect(await verifyOnPublicPage(deps, holder)).toMatchObject({ ok: true });

    expect(alertsTo(oldVerified)).toHaveLength(1);
    expect(await alertsOf(holder.identityNumber)).toMatchObject([
      {
        cause: 'public-confirm',
        toMobile: oldVerified,
        newMobile: holder.mobile,
        accountId: null,
        state: 'sent',
      },
    ]);
  });

  it('a 人員資料 edit of a verified holder’s mobile: the old number is told; verifying the new one tells it the pass moved', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const person = await personOf(holder.identityNumber);
    const newMobile = freshMobile();

    expect(
      await updatePerson(
        h.db,
        { companyId: companyA, accountId: accountA },
        person.id,
        { name: person.name, mobile: newMobile },
        deps,
      ),
    ).toEqual({ ok: true });

    expect(alertsTo(holder.mobile)).toHaveLength(1);
    expect(await alertsOf(holder.identityNumber)).toMatchObject([
      { cause: 'person-edit', toMobile: holder.mobile, newMobile, state: 'sent' },
    ]);

    // The holder then verifies the new number: the pass's verification moves off the old one,
    // a second event, told too.
    expect(await verifyOnPublicPage(deps, holder, newMobile)).toMatchObject({ ok: true });
    expect(alertsTo(holder.mobile)).toHaveLength(2);
    expect((await alertsOf(holder.identityNumber)).map((a) => a.cause).sort()).toEqual([
      'person-edit',
      'public-confirm',
    ]);
  });

  it('the alert is in the language the holder last used on the public page', async () => {
    const deps = snsDeps();
    const holder = await addHolder(h.db);
    const triple = {
      channel: 'public' as const,
      passNumber: holder.passNumber,
      identityNumber: holder.identityNumber,
      mobile: holder.mobile,
    };
    expect(await issueCode(deps, { ...triple, locale: 'vi' })).toMatchObject({ ok: true });
    expect(await confirmCode(deps, { ...triple, code: codeSentTo(holder.mobile) })).toMatchObject({
      ok: true,
    });

    expect(await changeNumberAsApplicant(deps, holder, freshMobile())).toMatchObject({
      ok: true,
    });
    const told = alertsTo(holder.mobile).at(-1)!;
    expect(told).toContain('Khong phai ban?');
    expect((await alertsOf(holder.identityNumber))[0]).toMatchObject({ locale: 'vi' });
  });
});

describe('rule 22: no alert when nothing verified was replaced', () => {
  it('a first verification, on either channel, tells nobody', async () => {
    const deps = snsDeps();
    const publicHolder = await addHolder(h.db);
    expect(await verifyOnPublicPage(deps, publicHolder)).toMatchObject({ ok: true });
    const applicantHolder = await addHolder(h.db);
    const changed = freshMobile();
    expect(await changeNumberAsApplicant(deps, applicantHolder, changed)).toMatchObject({
      ok: true,
      personUpdated: true,
    });
    expect(await alertsOf(publicHolder.identityNumber)).toEqual([]);
    expect(await alertsOf(applicantHolder.identityNumber)).toEqual([]);
    // Only codes went out: one to each number verified.
    expect(stub.requests).toHaveLength(2);
  });

  it('the same number verified again, a name-only edit, or an edit of a holder not verified with the old number', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    // Verified again to the same number (a new code for it, a day later): nothing changed.
    const nextDay = snsDeps({ now: () => new Date(Date.now() + DAY_MS + 3_600_000) });
    expect(await verifyOnPublicPage(nextDay, holder)).toMatchObject({ ok: true });
    const by = { companyId: companyA, accountId: accountA };
    const person = await personOf(holder.identityNumber);
    expect(
      await updatePerson(h.db, by, person.id, { name: '新名字', mobile: holder.mobile }, deps),
    ).toEqual({ ok: true });
    expect(await alertsOf(holder.identityNumber)).toEqual([]);

    // A holder who never verified: their record's number may change silently.
    const never = await addHolder(h.db);
    const neverPerson = await personOf(never.identityNumber);
    expect(
      await updatePerson(
        h.db,
        by,
        neverPerson.id,
        { name: neverPerson.name, mobile: freshMobile() },
        deps,
      ),
    ).toEqual({ ok: true });
    expect(await alertsOf(never.identityNumber)).toEqual([]);
    expect(alertsTo(holder.mobile)).toEqual([]);
    expect(smsTo(holder.mobile)).toHaveLength(2); // its two codes
  });
});

describe('rule 22: a failed alert never undoes the change', () => {
  it('the provider rejects the alert: the verification stands, the failure is recorded and counted, nothing is retried', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const newMobile = freshMobile();
    const code = await sendToChangedNumber(deps, holder, newMobile);
    const failedBefore = (await alertCounter())['send-failed:rejected'] ?? 0;
    stub.mode = 'reject';
    stub.requests.length = 0;

    const result = await confirmAsApplicant(deps, holder, code);

    expect(result).toMatchObject({ ok: true, personUpdated: true, mobile: newMobile });
    expect((await passOf(holder.passNumber)).verifiedMobile).toBe(newMobile);
    expect((await personOf(holder.identityNumber)).mobile).toBe(newMobile);
    const [alert] = await alertsOf(holder.identityNumber);
    expect(alert).toMatchObject({ state: 'send-failed', providerMessageId: null });
    expect(alert!.providerError).toMatch(/^rejected: /);
    expect((await alertCounter())['send-failed:rejected']).toBe(failedBefore + 1);
    // One try: the SDK does not retry a 4xx, and neither does the alert.
    expect(stub.requests).toHaveLength(1);

    // Another dispatch of it, even long after (a retry, or another instance sweeping), sends nothing.
    stub.mode = 'ok';
    stub.requests.length = 0;
    const later = () => new Date(Date.now() + 10 * STALE_ALERT_MS);
    await sendNumberChangeAlerts(snsDeps({ now: later }), [alert!.id]);
    const other = await verifiedHolder(deps);
    const otherPerson = await personOf(other.identityNumber);
    await updatePerson(
      h.db,
      { companyId: companyA, accountId: accountA },
      otherPerson.id,
      { name: otherPerson.name, mobile: freshMobile() },
      snsDeps({ now: later }),
    );
    expect(alertsTo(holder.mobile)).toEqual([]);
    expect((await alertsOf(holder.identityNumber))[0]!.state).toBe('send-failed');
  });

  it('the audit shows the alert, by pass number, identity number, the old and the new mobile', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const newMobile = freshMobile();
    expect(await changeNumberAsApplicant(deps, holder, newMobile)).toMatchObject({ ok: true });
    for (const query of [holder.passNumber, holder.identityNumber, holder.mobile, newMobile]) {
      const audit = await loadAudit(h.db, { query });
      const alert = audit.attempts.find((a) => a.kind === 'alert');
      expect(alert, query).toMatchObject({
        passNumber: holder.passNumber,
        channel: 'applicant',
        company: '12345675 高港示範運輸股份有限公司',
        account: 'demo-a',
        mobile: `${holder.mobile.slice(0, 4)}-***-${holder.mobile.slice(7)}`,
        state: 'alert-sent',
      });
      expect(alert!.providerMessageId).toMatch(/^msg-/);
    }
  });
});

describe('rule 22: limits and budgets', () => {
  it('an alert is never refused by the per-pass or the company budget, and counts in the company’s sends today', async () => {
    const holder = await verifiedHolder();
    const newMobile = freshMobile();
    const sendsToday = async () =>
      (
        await listCompanyVerification(h.db, {
          today: taipeiDate(),
          dayStart: dayStart(new Date()),
          limit: 500,
        })
      ).companies.find((c) => c.id === companyA)!.sendsToday;
    // The company's budget is spent by the changed number's code; the pass's by its two codes.
    const budget = (await sendsToday()) + 1;
    const deps = snsDeps({
      limits: { publicPerIpHour: 1000, sendsPerPassDay: 2, sendsPerCompanyDay: budget },
    });

    expect(await changeNumberAsApplicant(deps, holder, newMobile)).toMatchObject({ ok: true });

    expect(alertsTo(holder.mobile)).toHaveLength(1);
    expect((await alertsOf(holder.identityNumber))[0]!.state).toBe('sent');
    expect(await sendsToday()).toBe(budget + 1);
    // The alert used the company's budget: its next code is refused.
    const another = await addHolder(h.db);
    expect(
      await issueCode(deps, {
        channel: 'applicant',
        accountId: accountA,
        companyId: companyA,
        passNumber: another.passNumber,
      }),
    ).toMatchObject({ ok: false, reason: 'rate-limited' });
  });
});

describe('rule 22: exactly once', () => {
  it('20 concurrent confirms of the changed number: one verification, one alert, one SMS to the old number', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const newMobile = freshMobile();
    const code = await sendToChangedNumber(deps, holder, newMobile);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => confirmAsApplicant(snsDeps(), holder, code)),
    );

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await alertsOf(holder.identityNumber)).toHaveLength(1);
    expect(alertsTo(holder.mobile)).toHaveLength(1);
  });

  it('10 concurrent 人員資料 edits to different numbers: the verified number is told once', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const person = await personOf(holder.identityNumber);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        updatePerson(
          h.db,
          { companyId: companyA, accountId: accountA },
          person.id,
          { name: person.name, mobile: freshMobile() },
          snsDeps(),
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await alertsOf(holder.identityNumber)).toHaveLength(1);
    expect(alertsTo(holder.mobile)).toHaveLength(1);
  });

  it('editing a verified holder’s mobile away and back, again and again, tells the verified number once (review: alert spam)', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const person = await personOf(holder.identityNumber);
    const by = { companyId: companyA, accountId: accountA };
    for (let i = 0; i < 3; i++) {
      await updatePerson(h.db, by, person.id, { name: person.name, mobile: freshMobile() }, deps);
      await updatePerson(h.db, by, person.id, { name: person.name, mobile: holder.mobile }, deps);
    }
    expect(alertsTo(holder.mobile)).toHaveLength(1);
  });

  it('an alert another instance is claiming is neither waited for nor sent again', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    const [alertId] = await queuePersonEditAlert(h.db, {
      identityNumber: holder.identityNumber,
      oldMobile: holder.mobile,
      newMobile: freshMobile(),
      companyId: companyA,
      accountId: accountA,
      now: new Date(),
    });
    // Instance 1 is in the middle of its claim (row taken, not yet committed) when twenty
    // others retry the same alert.
    let claiming!: () => void;
    const held = new Promise<void>((resolve) => (claiming = resolve));
    const instance1 = h.db.transaction(async (tx) => {
      await tx
        .update(numberChangeAlerts)
        .set({ state: 'sending', claimedAt: new Date() })
        .where(eq(numberChangeAlerts.id, alertId!));
      claiming();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await held;
    await Promise.all(
      Array.from({ length: 20 }, () => sendNumberChangeAlerts(snsDeps(), [alertId!])),
    );
    await instance1;
    expect(alertsTo(holder.mobile)).toEqual([]);
    expect((await alertsOf(holder.identityNumber))[0]!.state).toBe('sending');
  });

  it('an alert a crash left unsent is sent by the next dispatch, once, however many instances dispatch at the same time', async () => {
    const deps = snsDeps();
    const holder = await verifiedHolder(deps);
    // The edit committed its alert, and the process died before sending it.
    const [orphan] = await queuePersonEditAlert(h.db, {
      identityNumber: holder.identityNumber,
      oldMobile: holder.mobile,
      newMobile: freshMobile(),
      companyId: companyA,
      accountId: accountA,
      now: new Date(),
    });
    expect((await alertsOf(holder.identityNumber))[0]!.state).toBe('pending');

    // Minutes later, another change's alert is dispatched by twenty instances at once, half of
    // them also retrying the orphan by id.
    const other = await verifiedHolder(deps);
    const later = () => new Date(Date.now() + 2 * STALE_ALERT_MS);
    const [otherAlert] = await queuePersonEditAlert(h.db, {
      identityNumber: other.identityNumber,
      oldMobile: other.mobile,
      newMobile: freshMobile(),
      companyId: companyA,
      accountId: accountA,
      now: new Date(),
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendNumberChangeAlerts(
          snsDeps({ now: later }),
          i % 2 ? [orphan!, otherAlert!] : [otherAlert!],
        ),
      ),
    );

    expect(alertsTo(holder.mobile)).toHaveLength(1);
    expect(alertsTo(other.mobile)).toHaveLength(1);
    expect((await alertsOf(holder.identityNumber))[0]!.state).toBe('sent');
  });
});

describe('rule 22 on the embedded database (the demo’s), through the log transport', () => {
  let pg: DatabaseHandle;
  beforeAll(async () => {
    pg = await freshPglite();
    await seedDemoData(pg.db);
  });
  afterAll(() => pg?.close());

  it('a changed number and an edit each tell the verified number, in the development outbox', async () => {
    const deps = engineDeps(pg.db, { alertContact: CONTACT });
    const companyId = await companyIdByTaxId(pg.db, '12345675');
    const holder = await addHolder(pg.db);
    const triple = { channel: 'public' as const, ...holder };
    expect(await issueCode(deps, triple)).toMatchObject({ ok: true });
    expect(
      await confirmCode(deps, { ...triple, code: await latestCode(pg.db, holder.mobile) }),
    ).toMatchObject({ ok: true });

    const changed = freshMobile();
    const applicant = { channel: 'applicant' as const, accountId: 1, companyId };
    expect(
      await issueCode(deps, {
        ...applicant,
        passNumber: holder.passNumber,
        changedMobile: changed,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId,
        passNumber: holder.passNumber,
        code: await latestCode(pg.db, changed),
      }),
    ).toMatchObject({ ok: true, personUpdated: true });
    const person = (
      await pg.db.select().from(persons).where(eq(persons.identityNumber, holder.identityNumber))
    )[0]!;
    expect(
      await updatePerson(
        pg.db,
        { companyId, accountId: 1 },
        person.id,
        { name: person.name, mobile: freshMobile() },
        deps,
      ),
    ).toEqual({ ok: true });

    const outbox = await pg.db.select().from(smsOutbox);
    const alerts = outbox.filter((m) => !CODE.test(m.body));
    expect(alerts.map((m) => m.toMobile)).toEqual([holder.mobile, changed]);
    expect(alerts.every((m) => m.body.includes(CONTACT))).toBe(true);
    const rows = await pg.db
      .select()
      .from(numberChangeAlerts)
      .where(eq(numberChangeAlerts.identityNumber, holder.identityNumber));
    expect(rows.map((r) => [r.cause, r.state]).sort()).toEqual([
      ['applicant-confirm', 'sent'],
      ['person-edit', 'sent'],
    ]);
  });
});
