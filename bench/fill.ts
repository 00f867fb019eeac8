/**
 * A port's data at scale, in SQL: 500 companies, `passes` passes (company 1 holds a fifth), one
 * person record per two passes, names as the port sees them (Chinese and foreign workers'
 * romanised names), validity spread over three years, a third verified and a few pending.
 */
import type postgres from 'postgres';

const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周';
const GIVEN = '志明美玲家豪淑芬俊傑怡君建宏雅婷宗翰佳穎冠宇詩涵文華';
const FAMILY = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'SANTOS', 'REYES', 'SITI', 'WATI', 'SOMCHAI'];
const FIRST = ['VAN AN', 'THI MAI', 'DUC MINH', 'MARIA', 'JOSE', 'NURHAYATI', 'SRI', 'BOONMEE'];

/** Person i's name: three in five Chinese (surname + two given characters), the rest romanised. */
const nameSql = (i: string) => {
  // hashint4 spreads i, so that name kinds and surnames do not follow companies.
  const mix = (salt: number) => `abs(hashint4((${i}) + ${salt}))`;
  return `case when ${mix(0)} % 5 < 3
    then substr('${SURNAMES}', ${mix(1)} % ${SURNAMES.length} + 1, 1)
      || substr('${GIVEN}', ${mix(2)} % ${GIVEN.length} + 1, 1)
      || substr('${GIVEN}', ${mix(3)} % ${GIVEN.length} + 1, 1)
    else (array[${FAMILY.map((f) => `'${f}'`).join(',')}])[${mix(1)} % ${FAMILY.length} + 1]
      || ' ' || (array[${FIRST.map((f) => `'${f}'`).join(',')}])[${mix(2)} % ${FIRST.length} + 1]
      || ' ' || (${i})::text end`;
};

export async function fillPort(
  s: postgres.Sql,
  input: { passes: number; attemptsPerPass?: number },
): Promise<void> {
  const persons = input.passes / 2;
  await s`insert into companies (tax_id, name)
    select lpad(i::text, 8, '0'), 'Company ' || i from generate_series(1, 500) i`;
  await s.unsafe(`insert into persons (identity_number, name, mobile, company_id)
    select 'P' || lpad(i::text, 9, '0'), ${nameSql('i')},
      case when i % 17 <> 0 then '09' || lpad(i::text, 8, '0') end, ((i + 7) % 500) + 1
    from generate_series(1, ${persons}) i`);
  // Pass i belongs to holder (i × 48271 mod persons) + 1, so holders spread over companies; a fifth of the passes belong to company 1.
  // Every third pass is verified to its holder's mobile, every 29th to an older number (待驗證).
  await s.unsafe(`insert into passes (pass_number, holder_identity_number, holder_name, company_id,
      valid_from, valid_until, verified_mobile, verified_at)
    select 'KHPS' || lpad(i::text, 9, '0'), 'P' || lpad(h::text, 9, '0'), ${nameSql('h')},
      case when i % 5 = 0 then 1 else (i % 500) + 1 end,
      current_date - 400 + (i % 365), current_date - 35 + (i % 1095),
      case when i % 29 = 0 then '0900000000'
        when i % 3 = 0 and h % 17 <> 0 then '09' || lpad(h::text, 8, '0') end,
      case when i % 29 = 0 or (i % 3 = 0 and h % 17 <> 0) then now() end
    from (select i, (i % ${persons}) + 1 as h from generate_series(1, ${input.passes}) i) x`);
  const attempts = input.passes * (input.attemptsPerPass ?? 0);
  if (attempts > 0) {
    await s.unsafe(`insert into verification_attempts (id, pass_id, identity_number, mobile, channel,
        code_hash, state, sent_at, expires_at)
      select gen_random_uuid(), (i % ${input.passes}) + 1,
        'P' || lpad(((i % ${input.passes}) % ${persons} + 1)::text, 9, '0'), '0912345678', 'public',
        md5(i::text) || md5(i::text), 'expired',
        now() - (i % 400) * interval '1 day', now() - (i % 400) * interval '1 day' + interval '10 minutes'
      from generate_series(1, ${attempts}) i`);
  }
  await s`analyze`;
}
