import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { prepareDatabase } from '@/db/migrate';
import { accounts, companies, passes, persons } from '@/db/schema';
import { DEMO_PASSES, seedDemoData } from '@/db/seed';
import { freshPglite, freshPostgres } from '../support/test-db';

const NOW = new Date('2026-11-25T04:00:00Z');

async function snapshot(db: Db) {
  return {
    companies: await db
      .select({ taxId: companies.taxId, name: companies.name })
      .from(companies)
      .orderBy(asc(companies.taxId)),
    accounts: await db
      .select({ login: accounts.login, displayName: accounts.displayName })
      .from(accounts)
      .orderBy(asc(accounts.login)),
    persons: await db
      .select({ id: persons.identityNumber, name: persons.name, mobile: persons.mobile })
      .from(persons)
      .orderBy(asc(persons.identityNumber)),
    passes: await db
      .select({
        passNumber: passes.passNumber,
        holder: passes.holderIdentityNumber,
        from: passes.validFrom,
        until: passes.validUntil,
        verified: passes.verifiedMobile,
      })
      .from(passes)
      .orderBy(asc(passes.passNumber)),
  };
}

describe('the same migrations and demo data on PGlite and PostgreSQL', () => {
  let pg: DatabaseHandle;
  let lite: DatabaseHandle;

  beforeAll(async () => {
    [pg, lite] = await Promise.all([freshPostgres(), freshPglite()]);
    await seedDemoData(pg.db, NOW);
    await seedDemoData(lite.db, NOW);
  });
  afterAll(async () => {
    await pg?.close();
    await lite?.close();
  });

  it('reads the demo data back identically from both', async () => {
    const [a, b] = await Promise.all([snapshot(pg.db), snapshot(lite.db)]);
    expect(a).toEqual(b);
    expect(a.passes.map((p) => p.passNumber)).toEqual(DEMO_PASSES.map((p) => p.passNumber).sort());
    expect(a.companies).toEqual([
      { taxId: '12345675', name: '高港示範運輸股份有限公司' },
      { taxId: '87654322', name: '港灣示範工程有限公司' },
    ]);
  });

  it('has the demo table: periods relative to the first start, verified mobiles as listed', async () => {
    const rows = (await snapshot(pg.db)).passes;
    const byNumber = Object.fromEntries(rows.map((r) => [r.passNumber, r]));
    expect(byNumber['KHPS113-000043']).toMatchObject({
      holder: 'QQ12345673',
      from: '2026-10-26',
      until: '2027-10-26',
      verified: null,
    });
    expect(byNumber['KHPS112-000099']?.until).toBe('2026-11-24');
    expect(byNumber['KHPS113-000041']?.verified).toBe('0912000041');
    expect(byNumber['KHPS113-000042']?.verified).toBe('0933000042');
    const people = (await snapshot(pg.db)).persons;
    expect(people.find((p) => p.id === 'QQ12345671')?.name).toBe('檢訊測試一');
    expect(people.find((p) => p.id === 'C223000441')).toBeUndefined();
  });

  it('seeding twice changes nothing', async () => {
    const before = await snapshot(pg.db);
    await seedDemoData(pg.db, new Date(NOW.getTime() + 86_400_000 * 3));
    expect(await snapshot(pg.db)).toEqual(before);
  });

  it('start-up preparation is idempotent and does not reseed a non-empty database', async () => {
    await expect(prepareDatabase(lite)).resolves.toEqual({ seeded: false });
  });
});

describe('constraints keep data honest in the database itself', () => {
  let pg: DatabaseHandle;
  beforeAll(async () => {
    pg = await freshPostgres();
    await seedDemoData(pg.db, NOW);
  });
  afterAll(() => pg?.close());

  const companyId = async () =>
    (await pg.db.select({ id: companies.id }).from(companies).limit(1))[0]!.id;

  it('refuses a duplicate pass number', async () => {
    await expect(
      pg.db.insert(passes).values({
        passNumber: 'KHPS113-000043',
        holderIdentityNumber: 'A123000410',
        holderName: 'x',
        companyId: await companyId(),
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      }),
    ).rejects.toThrow();
  });

  it('allows at most one live person record per identity number', async () => {
    const id = await companyId();
    await expect(
      pg.db
        .insert(persons)
        .values({ identityNumber: 'QQ12345673', name: 'dup', mobile: '0912999999', companyId: id }),
    ).rejects.toThrow();
    await pg.db.execute(
      sql`update persons set deleted_at = now() where identity_number = 'A800000452'`,
    );
    await expect(
      pg.db.insert(persons).values({
        identityNumber: 'A800000452',
        name: 'again',
        mobile: '0912000045',
        companyId: id,
      }),
    ).resolves.toBeDefined();
  });

  it('refuses a non-canonical mobile and a period that ends before it starts', async () => {
    const id = await companyId();
    await expect(
      pg.db
        .insert(persons)
        .values({ identityNumber: 'E123456780', name: 'x', mobile: '912345678', companyId: id }),
    ).rejects.toThrow();
    await expect(
      pg.db.insert(passes).values({
        passNumber: 'KHPS-BAD',
        holderIdentityNumber: 'A123000410',
        holderName: 'x',
        companyId: id,
        validFrom: '2026-12-31',
        validUntil: '2026-01-01',
      }),
    ).rejects.toThrow();
  });
});
