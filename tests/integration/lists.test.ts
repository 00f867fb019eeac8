/**
 * The pass lists at scale (issue: lists at a port's scale): keyset pages that neither skip nor
 * repeat a pass, in every order, forwards and backwards, while passes arrive; counts that stop at
 * COUNT_CAP; the substring and prefix filters served by their indexes, on both drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { COUNT_CAP } from '@/db/queries/passes';
import { listPasses, passListQuerySchema } from '@/lib/domain/passes';
import { listPersons, personListQuerySchema } from '@/lib/domain/persons';
import { freshPglite, freshPostgres } from '../support/test-db';

type Query = Record<string, string | number | undefined>;

const NAMES = ['陳志明', '陳美玲', '林志明', 'NGUYEN VAN AN', 'Nguyen Thi Mai', '王小明', '100%純'];
const namesArray = sql.raw(`array[${NAMES.map((n) => `'${n}'`).join(', ')}]`);

/** A company holding `count` passes, each with its holder's person record, on either driver. */
async function makeCompany(
  h: DatabaseHandle,
  taxId: string,
  count: number,
  prefix: string,
  verifiedShare = true,
) {
  const result = await h.db.execute(
    sql`insert into companies (tax_id, name) values (${taxId}, ${prefix}) returning id`,
  );
  const rows = (result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  const id = Number((rows[0] as { id: number }).id);
  const idPrefix = `${prefix[0]}${prefix.at(-1)}`;
  // Holders two by two share a name and a valid-until day, so the orders need their tie-breaker.
  await h.db.execute(sql`insert into persons (identity_number, name, mobile, company_id)
    select ${idPrefix}::text || lpad(i::text, 8, '0'), (${namesArray})[(i / 2) % ${NAMES.length} + 1],
      '09' || lpad(i::text, 8, '0'), ${id}::int
    from generate_series(1, ${count}::int) i`);
  await h.db.execute(sql`insert into passes (pass_number, holder_identity_number, holder_name,
      company_id, valid_from, valid_until, verified_mobile, verified_at)
    select ${prefix}::text || '-' || lpad(i::text, 6, '0'), ${idPrefix}::text || lpad(i::text, 8, '0'),
      (${namesArray})[(i / 2) % ${NAMES.length} + 1], ${id}::int, date '2026-01-01',
      date '2027-01-01' + (i / 2) % 10,
      case when ${verifiedShare} and i % 3 = 0 then '09' || lpad(i::text, 8, '0')
        when ${verifiedShare} and i % 7 = 0 then '0900000000' end,
      case when ${verifiedShare} and (i % 3 = 0 or i % 7 = 0) then now() end
    from generate_series(1, ${count}::int) i`);
  return id;
}

for (const driver of ['postgres', 'pglite'] as const) {
  describe(`pass lists (${driver})`, () => {
    let h: DatabaseHandle;
    let small: number;
    let large: number;
    const list = (companyId: number, query: Query) =>
      listPasses(h.db, companyId, passListQuerySchema.parse(query));
    const numbers = (page: { rows: Array<{ passNumber: string }> }) =>
      page.rows.map((r) => r.passNumber);

    beforeAll(async () => {
      h = driver === 'postgres' ? await freshPostgres() : await freshPglite();
      small = await makeCompany(h, '24681357', 45, 'LSTA');
      // Every pass of the large company is 未驗證: that count passes the cap.
      large = await makeCompany(h, '24681358', COUNT_CAP + 45, 'LSTB', false);
    }, 120_000);
    afterAll(() => h?.close());

    it('下一頁 from the first page and 上一頁 from 最後一頁 each give every pass once, in every order', async () => {
      expect((await list(small, {})).total).toBe(45);
      for (const sort of ['passNumber', 'name', 'validUntil'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const base = { sort, dir };
          const forwards: string[] = [];
          let page = await list(small, base);
          expect(page.page).toBe(1);
          expect(page.pages).toBe(3);
          for (;;) {
            forwards.push(...numbers(page));
            if (!page.links.next) break;
            page = await list(small, { ...base, ...page.links.next });
          }
          expect(page.page).toBe(3);
          expect(page.rows).toHaveLength(5);
          expect(forwards).toHaveLength(45);
          expect(new Set(forwards).size).toBe(45);

          const backwards: string[][] = [];
          page = await list(small, { ...base, last: '1' });
          expect(page.page).toBe(3);
          expect(numbers(page)).toEqual(forwards.slice(40));
          for (;;) {
            backwards.unshift(numbers(page));
            if (!page.links.previous) break;
            page = await list(small, { ...base, ...page.links.previous });
          }
          expect(page.page).toBe(1);
          expect(backwards.flat()).toEqual(forwards);
          expect(backwards.map((p) => p.length)).toEqual([20, 20, 5]);
        }
      }
    });

    it('人員資料: 50 a page in 身分證號 order, every record once both ways; counts stop at the cap; forged boundaries and other companies never show', async () => {
      const people = (companyId: number, query: Query) =>
        listPersons(h.db, companyId, personListQuerySchema.parse(query));
      const ids = (page: { rows: Array<{ identityNumber: string }> }) =>
        page.rows.map((r) => r.identityNumber);
      const id = (i: number) => `LB${String(i).padStart(8, '0')}`;

      const small45 = await people(small, {});
      expect(small45).toMatchObject({ total: 45, page: 1, pages: 1 });
      expect(small45.links.next).toBeUndefined();

      const first = await people(large, {});
      expect(first.total).toBeNull();
      expect(ids(first)).toEqual(Array.from({ length: 50 }, (_, i) => id(i + 1)));
      const second = await people(large, first.links.next!);
      expect(second.page).toBe(2);
      expect(ids(second)[0]).toBe(id(51));
      expect(ids(await people(large, second.links.previous!))).toEqual(ids(first));
      const last = await people(large, { last: '1' });
      expect(ids(last).at(-1)).toBe(id(COUNT_CAP + 45));
      expect(last.links.next).toBeUndefined();
      const beforeLast = await people(large, last.links.previous!);
      expect(ids(beforeLast).at(-1)).toBe(id(COUNT_CAP + 45 - 50));

      const found = await people(large, { q: 'lb0001004' });
      expect(found.total).toBe(6);
      expect(ids(found)).toEqual([40, 41, 42, 43, 44, 45].map((i) => id(COUNT_CAP + i)));

      for (const forged of ["'; drop table persons; --", '\u0000', 'x'.repeat(40), '']) {
        expect(ids(await people(small, { after: forged }))).toEqual(ids(small45));
        expect(ids(await people(small, { before: forged }))).toEqual(ids(small45));
      }
      expect((await people(small, { q: 'LB' })).total).toBe(0);
      expect(ids(await people(small, { after: id(1) }))).toEqual([]);
    });

    it('the orders are the columns’ orders, pass number breaking ties', async () => {
      const rows: Array<{ passNumber: string; name: string; validUntil: string }> = [];
      let page = await list(small, { sort: 'validUntil', dir: 'desc' });
      for (;;) {
        rows.push(...page.rows);
        if (!page.links.next) break;
        page = await list(small, { sort: 'validUntil', dir: 'desc', ...page.links.next });
      }
      const expected = [...rows].sort(
        (a, b) =>
          b.validUntil.localeCompare(a.validUntil) || b.passNumber.localeCompare(a.passNumber),
      );
      expect(rows).toEqual(expected);
    });

    it('a pass arriving between two pages is neither repeated nor skipped', async () => {
      const first = await list(small, {});
      // Sorts before every pass already shown: the next page must not shift by one.
      await h.db.execute(sql`insert into passes (pass_number, holder_identity_number, holder_name,
          company_id, valid_from, valid_until)
        values ('LSTA-000000', 'LA00000000', '新來的', ${small}::int, '2026-01-01', '2027-01-01')`);
      const second = await list(small, first.links.next!);
      expect(numbers(second)[0]).toBe('LSTA-000021');
      expect(numbers(first)).not.toContain('LSTA-000000');
      const again = await list(small, {});
      expect(numbers(again)[0]).toBe('LSTA-000000');
      await h.db.execute(sql`delete from passes where pass_number = 'LSTA-000000'`);
    });

    it('counts stop at COUNT_CAP: "more than", no page count, and 最後一頁 still reaches the end', async () => {
      const page = await list(large, {});
      expect(page.total).toBeNull();
      expect(page.pages).toBeNull();
      expect(page.counts.unverified).toBe(COUNT_CAP + 1);
      expect(page.counts.verified).toBe(0);
      const last = await list(large, page.links.last!);
      expect(last.page).toBeUndefined();
      expect(numbers(last).at(-1)).toBe(`LSTB-${String(COUNT_CAP + 45).padStart(6, '0')}`);
      expect(last.links.next).toBeUndefined();
      // With a status filter its own count is the total: exact while under the cap.
      await h.db.execute(sql`update passes set verified_mobile = '0900000000', verified_at = now()
        where company_id = ${large}::int and pass_number like 'LSTB-00000%'`);
      const pending = await list(large, { status: 'pending' });
      expect(pending.total).toBe(9);
      expect(pending.rows.every((r) => r.status === 'pending')).toBe(true);
      // The three counts under the cap are exact, together: one scan.
      expect((await list(large, { passNumber: 'LSTB-00000' })).counts).toEqual({
        verified: 0,
        unverified: 0,
        pending: 9,
      });
    });

    it('substring and prefix filters: one character, a pair, any case, wildcards taken literally', async () => {
      const names = async (query: Query) => {
        const page = await list(small, query);
        return { total: page.total, names: new Set(page.rows.map((r) => r.name)) };
      };
      expect((await names({ name: '陳' })).names).toEqual(new Set(['陳志明', '陳美玲']));
      expect((await names({ name: '志明' })).names).toEqual(new Set(['陳志明', '林志明']));
      expect((await names({ name: 'nguyen' })).names).toEqual(
        new Set(['NGUYEN VAN AN', 'Nguyen Thi Mai']),
      );
      expect((await names({ name: '%' })).names).toEqual(new Set(['100%純']));
      expect((await names({ name: '_' })).total).toBe(0);
      expect(numbers(await list(small, { passNumber: '00004' }))).toEqual([
        'LSTA-000004',
        'LSTA-000040',
        'LSTA-000041',
        'LSTA-000042',
        'LSTA-000043',
        'LSTA-000044',
        'LSTA-000045',
      ]);
      expect(numbers(await list(small, { passNumber: '45' }))).toEqual(['LSTA-000045']);
      expect(numbers(await list(small, { identityNumber: 'la0000004' }))).toEqual([
        'LSTA-000040',
        'LSTA-000041',
        'LSTA-000042',
        'LSTA-000043',
        'LSTA-000044',
        'LSTA-000045',
      ]);
      // The counts above the list agree with the list under the same filters.
      const filtered = await list(small, { name: '陳' });
      const byStatus = await Promise.all(
        (['verified', 'unverified', 'pending'] as const).map(
          async (status) => (await list(small, { name: '陳', status })).total,
        ),
      );
      expect(byStatus).toEqual([
        filtered.counts.verified,
        filtered.counts.unverified,
        filtered.counts.pending,
      ]);
      expect(filtered.total).toBe(byStatus.reduce((a, b) => a! + b!, 0));
    });

    it('a forged or broken cursor is ignored: the first page, not an error', async () => {
      for (const after of [
        'not-base64',
        Buffer.from('[1,2]').toString('base64url'),
        'x'.repeat(300),
      ]) {
        const page = await list(small, { after });
        expect(numbers(page)[0]).toBe('LSTA-000001');
      }
      // Forged boundaries that the database would refuse (review F2: each was a 500): a
      // 期限迄日 that is no day, control characters, and an identity prefix past the last letter.
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      for (const query of [
        { sort: 'validUntil', after: b64(['garbage', 'LSTA-000010']) },
        { sort: 'validUntil', before: b64(['', 'LSTA-000010']) },
        { sort: 'validUntil', after: b64(['0000-01-01', 'LSTA-000010']) },
        { sort: 'name', after: b64(['a\u0000b', 'X']) },
        { after: b64(['x', 'K\u0000']) },
        { identityNumber: '\uffff' },
        { identityNumber: 'LA\uffff' },
      ]) {
        const page = await list(small, query);
        expect(page.rows.length).toBeGreaterThan(0);
      }
      // A cursor only moves within the company's own list.
      const page = await list(small, {
        after: Buffer.from(JSON.stringify(['LSTB-000010', 'LSTB-000010'])).toString('base64url'),
      });
      expect(page.rows.every((r) => r.passNumber.startsWith('LSTA-'))).toBe(true);
    });
  });
}
