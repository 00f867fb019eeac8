import { sql } from 'drizzle-orm';
import { hashPassword } from '@/lib/auth/password';
import { addDays, taipeiDate } from '@/lib/values/dates';
import type { Db } from './client';
import { accounts, companies, operators, passes, persons } from './schema';

/** README, "Demo data": stable, because README, tests and documentation rely on it. */
export const DEMO_COMPANIES = [
  {
    key: 'A',
    taxId: '12345675',
    name: '高港示範運輸股份有限公司',
    login: 'demo-a',
    password: 'demo-a-pass',
    displayName: '示範申請人甲',
  },
  {
    key: 'B',
    taxId: '87654322',
    name: '港灣示範工程有限公司',
    login: 'demo-b',
    password: 'demo-b-pass',
    displayName: '示範申請人乙',
  },
] as const;

/**
 * The demo operator of the console: already enrolled with a fixed TOTP secret printed in README,
 * so the console can be tried and tested. Demo only.
 */
export const DEMO_OPERATOR = {
  login: 'demo-ops',
  password: 'demo-ops-pass',
  displayName: '示範營運人員',
  totpSecret: 'DEMOOPSKHPSPORTCONSOLETOTPSECRET',
} as const;

type CompanyKey = (typeof DEMO_COMPANIES)[number]['key'];

interface DemoPass {
  passNumber: string;
  appliedBy: CompanyKey;
  identity: string;
  name: string;
  person: { by: CompanyKey; mobile: string } | null;
  verifiedMobile: string | null;
  period: 'current' | 'expired';
}

export const DEMO_PASSES: DemoPass[] = [
  {
    passNumber: 'KHPS113-000043',
    appliedBy: 'A',
    identity: 'QQ12345673',
    name: '陳志明',
    person: { by: 'A', mobile: '0912000043' },
    verifiedMobile: null,
    period: 'current',
  },
  {
    passNumber: 'KHPS113-000040',
    appliedBy: 'A',
    identity: 'QQ12345671',
    name: '檢訊測試一',
    person: { by: 'A', mobile: '0912000040' },
    verifiedMobile: null,
    period: 'current',
  },
  {
    passNumber: 'KHPS113-000041',
    appliedBy: 'A',
    identity: 'A123000410',
    name: '林建宏',
    person: { by: 'A', mobile: '0912000041' },
    verifiedMobile: '0912000041',
    period: 'current',
  },
  {
    passNumber: 'KHPS113-000042',
    appliedBy: 'A',
    identity: 'B123000420',
    name: '黃俊傑',
    person: { by: 'A', mobile: '0912000042' },
    verifiedMobile: '0933000042',
    period: 'current',
  },
  {
    passNumber: 'KHPS113-000044',
    appliedBy: 'A',
    identity: 'C223000441',
    name: '張雅婷',
    person: null,
    verifiedMobile: null,
    period: 'current',
  },
  {
    passNumber: 'KHPS113-000045',
    appliedBy: 'A',
    identity: 'A800000452',
    name: 'NGUYEN VAN AN',
    person: { by: 'A', mobile: '0912000045' },
    verifiedMobile: null,
    period: 'current',
  },
  {
    passNumber: 'KHPS112-000099',
    appliedBy: 'A',
    identity: 'D123000995',
    name: '王大同',
    person: { by: 'A', mobile: '0912000099' },
    verifiedMobile: null,
    period: 'expired',
  },
  {
    passNumber: 'KHPS113-000050',
    appliedBy: 'B',
    identity: 'H123000506',
    name: '吳家豪',
    person: { by: 'A', mobile: '0912000050' },
    verifiedMobile: null,
    period: 'current',
  },
  // Why A maintains H123000506's record: A applied for this earlier pass (docs/PRODUCT.md, rule 9).
  {
    passNumber: 'KHPS111-000050',
    appliedBy: 'A',
    identity: 'H123000506',
    name: '吳家豪',
    person: { by: 'A', mobile: '0912000050' },
    verifiedMobile: null,
    period: 'expired',
  },
  {
    passNumber: 'KHPS113-000060',
    appliedBy: 'B',
    identity: 'K223000608',
    name: '李淑芬',
    person: { by: 'B', mobile: '0912000060' },
    verifiedMobile: null,
    period: 'current',
  },
];

/** Loads the demo data; rows that already exist are left as they are, so a second run changes nothing. */
export async function seedDemoData(db: Db, now: Date = new Date()): Promise<void> {
  const today = taipeiDate(now);
  const periods = {
    current: { validFrom: addDays(today, -30), validUntil: addDays(today, 335) },
    expired: { validFrom: addDays(today, -366), validUntil: addDays(today, -1) },
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(companies)
      .values(DEMO_COMPANIES.map(({ taxId, name }) => ({ taxId, name })))
      .onConflictDoNothing({ target: companies.taxId });
    const rows = await tx.select({ id: companies.id, taxId: companies.taxId }).from(companies);
    const companyId = (key: CompanyKey): number => {
      const taxId = DEMO_COMPANIES.find((c) => c.key === key)!.taxId;
      return rows.find((r) => r.taxId === taxId)!.id;
    };

    for (const c of DEMO_COMPANIES) {
      await tx
        .insert(accounts)
        .values({
          companyId: companyId(c.key),
          login: c.login,
          passwordHash: hashPassword(c.password),
          displayName: c.displayName,
        })
        .onConflictDoNothing({ target: accounts.login });
    }

    await tx
      .insert(operators)
      .values({
        login: DEMO_OPERATOR.login,
        passwordHash: hashPassword(DEMO_OPERATOR.password),
        displayName: DEMO_OPERATOR.displayName,
        totpSecret: DEMO_OPERATOR.totpSecret,
        totpEnrolledAt: now,
      })
      .onConflictDoNothing({ target: operators.login });

    for (const p of DEMO_PASSES) {
      if (p.person) {
        await tx
          .insert(persons)
          .values({
            identityNumber: p.identity,
            name: p.name,
            mobile: p.person.mobile,
            companyId: companyId(p.person.by),
          })
          .onConflictDoNothing({ target: persons.identityNumber, where: sql`deleted_at is null` });
      }
      await tx
        .insert(passes)
        .values({
          passNumber: p.passNumber,
          holderIdentityNumber: p.identity,
          holderName: p.name,
          companyId: companyId(p.appliedBy),
          ...periods[p.period],
          verifiedMobile: p.verifiedMobile,
          verifiedAt: p.verifiedMobile ? addHours(now, -24 * 10) : null,
        })
        .onConflictDoNothing({ target: passes.passNumber });
    }
  });
}

function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: companies.id }).from(companies).limit(1);
  return rows.length === 0;
}
