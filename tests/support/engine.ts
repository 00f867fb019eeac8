import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, companies, persons, smsOutbox } from '@/db/schema';
import { createLogTransport } from '@/lib/sms/log';
import type { SmsTransport } from '@/lib/sms/transport';
import type { EngineDeps } from '@/lib/verification/deps';

export const TEST_SECRET = 'integration-test-secret-0123456789abcdef';

export function engineDeps(db: Db, overrides: Partial<EngineDeps> = {}): EngineDeps {
  return {
    db,
    sms: createLogTransport(db),
    secret: TEST_SECRET,
    codeTtlHours: 24,
    maxTries: 5,
    webOtpHost: 'localhost',
    limits: { publicPerIpHour: 1000, sendsPerPassDay: 1000, sendsPerCompanyDay: 100_000 },
    ...overrides,
  };
}

/** The newest code sent to a number, read from the log transport's outbox like a phone would. */
export async function latestCode(db: Db, mobile: string): Promise<string> {
  const [row] = await db
    .select()
    .from(smsOutbox)
    .where(eq(smsOutbox.toMobile, mobile))
    .orderBy(desc(smsOutbox.id))
    .limit(1);
  const code = row?.body.match(/#(\d{6})$/)?.[1];
  if (!code) throw new Error(`no SMS to ${mobile}`);
  return code;
}

export async function outboxCount(db: Db, mobile: string): Promise<number> {
  return (await db.select().from(smsOutbox).where(eq(smsOutbox.toMobile, mobile))).length;
}

export async function companyIdByTaxId(db: Db, taxId: string): Promise<number> {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(eq(companies.taxId, taxId));
  return row!.id;
}

/** A transport that counts sends, wrapping a real one. */
export function countingTransport(inner: SmsTransport): SmsTransport & { count: number } {
  const wrapper = {
    name: inner.name,
    count: 0,
    async send(message: Parameters<SmsTransport['send']>[0]) {
      wrapper.count += 1;
      return inner.send(message);
    },
  };
  return wrapper;
}

let serial = 0;

/** A fresh pass with a person record (shape-valid holder id), for tests that need their own triple. */
export async function addHolder(
  db: Db,
  options: {
    companyTaxId?: string;
    personTaxId?: string;
    mobile?: string | null;
    validUntil?: string;
  } = {},
) {
  const { passes, persons } = await import('@/db/schema');
  serial += 1;
  const tag = `${process.pid % 10000}${String(serial).padStart(4, '0')}`.slice(-8).padStart(8, '0');
  const passNumber = `TEST-${tag}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const identityNumber = `ZZ${tag}`;
  const mobile = options.mobile === undefined ? `09${tag}` : options.mobile;
  const companyId = await companyIdByTaxId(db, options.companyTaxId ?? '12345675');
  await db.insert(persons).values({
    identityNumber,
    name: '測試人員',
    mobile,
    companyId: await companyIdByTaxId(
      db,
      options.personTaxId ?? options.companyTaxId ?? '12345675',
    ),
  });
  await db.insert(passes).values({
    passNumber,
    holderIdentityNumber: identityNumber,
    holderName: '測試人員',
    companyId,
    validFrom: '2020-01-01',
    validUntil: options.validUntil ?? '2099-12-31',
  });
  return { passNumber, identityNumber, mobile: mobile ?? '' };
}

/** An applicant account's id by its login. */
export async function accountIdOf(db: Db, login: string): Promise<number> {
  return (await db.select().from(accounts).where(eq(accounts.login, login)))[0]!.id;
}

/** The live person record of an identity number, if any. */
export async function livePersonOf(db: Db, identityNumber: string) {
  return (
    await db
      .select()
      .from(persons)
      .where(and(eq(persons.identityNumber, identityNumber), isNull(persons.deletedAt)))
  )[0];
}
