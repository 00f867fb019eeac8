/**
 * The dashboard list and the public lookup at 10,000 and 100,000 passes: p50/p95 through the
 * same `listPasses` the dashboard calls, and the plans.
 */
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { findPassWithPerson } from '../db/queries/verification';
import { listPasses, passListQuerySchema } from '../lib/passes';
import { createDatabase } from '../tests/support/databases';
import { ms, pct, type Report } from './report';

export async function benchLists(
  report: Report,
  serverUrl: string,
): Promise<{ worstP95: number; worstGrowth: number; plansOk: boolean }> {
  // Scale: the dashboard list and the public lookup at 10k and 100k passes.
  report.log();
  report.log('## The dashboard list and the public lookup at 10,000 and 100,000 passes');
  report.log();
  const scale: Record<number, Record<string, { p50: number; p95: number }>> = {};
  let plansOk = true;
  const planNotes: string[] = [];
  for (const passesCount of [10_000, 100_000]) {
    const db = await createDatabase(serverUrl, `scale${passesCount}`);
    const h = await openDatabase({ kind: 'postgres', url: db.url, max: 2 });
    await h.migrate();
    const s = postgres(db.url, { max: 1, onnotice: () => {} });
    const persons = passesCount / 2;
    const attempts = passesCount * 10;
    await s`insert into companies (tax_id, name) select lpad(i::text, 8, '0'), 'Company ' || i from generate_series(1, 500) i`;
    await s`insert into persons (identity_number, name, mobile, company_id)
      select 'P' || lpad(i::text, 9, '0'), 'Person ' || i, '09' || lpad(i::text, 8, '0'), ((i + 7) % 500) + 1 from generate_series(1, ${persons}) i`;
    // A fifth of all passes belong to company 1, so that its page 500 holds real rows.
    await s`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until, verified_mobile, verified_at)
      select 'KHPS' || lpad(i::text, 9, '0'), 'P' || lpad(i::text, 9, '0'), 'Person ' || i,
        case when i % 5 = 0 then 1 else (i % 500) + 1 end, current_date - 30, current_date + 300,
        case when i % 3 = 0 then '09' || lpad(i::text, 8, '0') end, case when i % 3 = 0 then now() end
      from generate_series(1, ${passesCount}) i`;
    await s`insert into verification_attempts (id, pass_id, identity_number, mobile, channel, code_hash, state, sent_at, expires_at)
      select gen_random_uuid(), (i % ${passesCount}) + 1, 'P' || lpad(((i % ${passesCount}) + 1)::text, 9, '0'), '0912345678', 'public', md5(i::text) || md5(i::text), 'expired',
        now() - (i % 400) * interval '1 day', now() - (i % 400) * interval '1 day' + interval '1 day'
      from generate_series(1, ${attempts}) i`;
    await s`analyze`;
    const timings: Record<string, { p50: number; p95: number }> = {};
    const filters: Record<string, Record<string, string>> = {
      none: {},
      passNumber: { passNumber: '00012' },
      identityNumber: { identityNumber: 'P00001' },
      name: { name: 'Person 12' },
      status: { status: 'verified' },
    };
    for (const tab of ['owned', 'maintained'] as const) {
      for (const [fname, f] of Object.entries(filters)) {
        for (const page of [1, 500]) {
          const query = passListQuerySchema.parse({ tab, page: String(page), ...f });
          const times: number[] = [];
          for (let i = 0; i < 200; i++) {
            const t0 = performance.now();
            await listPasses(h.db, 1, query);
            times.push(performance.now() - t0);
          }
          times.sort((x, y) => x - y);
          timings[`${tab}/${fname}/p${page}`] = { p50: pct(times, 50), p95: pct(times, 95) };
        }
      }
    }
    const lookups: number[] = [];
    for (let i = 0; i < 200; i++) {
      const n = String(1 + ((i * 7919) % passesCount)).padStart(9, '0');
      const t0 = performance.now();
      await findPassWithPerson(h.db, { passNumber: `KHPS${n}` });
      lookups.push(performance.now() - t0);
    }
    lookups.sort((x, y) => x - y);
    timings['public lookup'] = { p50: pct(lookups, 50), p95: pct(lookups, 95) };
    scale[passesCount] = timings;

    // The plans: no sequential scan of passes or persons for the list and the lookup.
    if (passesCount === 100_000) {
      for (const tab of ['owned', 'maintained']) {
        const cond =
          tab === 'owned' ? s`p.company_id = 1` : s`p.company_id <> 1 and ps.company_id = 1`;
        const [plan] = await s`explain (format json) select p.pass_number from passes p
          left join persons ps on ps.identity_number = p.holder_identity_number and ps.deleted_at is null
          where ${cond} order by p.pass_number limit 20 offset 9980`;
        const text = JSON.stringify(plan);
        const seq = [
          ...text.matchAll(
            /"Node Type":"Seq Scan","Parallel Aware":\w+,"Async Capable":\w+,"Relation Name":"(\w+)"/g,
          ),
        ].map((m) => m[1]);
        if (seq.some((r) => r === 'passes' || r === 'persons')) plansOk = false;
        planNotes.push(
          `${tab}: ${seq.length ? `seq scan on ${seq.join(', ')}` : 'index scans only'}`,
        );
      }
      const [lookupPlan] =
        await s`explain (format json) select * from passes where pass_number = 'KHPS000000001'`;
      const usesIndex = JSON.stringify(lookupPlan).includes('Index Scan');
      planNotes.push(
        `public lookup: ${usesIndex ? 'index scan on passes_pass_number_unique' : 'NO INDEX'}`,
      );
      if (!usesIndex) plansOk = false;
    }
    await s.end();
    await h.close();
  }
  report.log(
    'p50 / p95 in ms over 200 runs each, through the same `listPasses` the dashboard calls (company 1 owns 20,000 of the 100,000 passes).',
  );
  report.log();
  report.log('| query | 10k p50 | 10k p95 | 100k p50 | 100k p95 | growth (p95) |');
  report.log('|---|---|---|---|---|---|');
  let worstP95 = 0;
  let worstGrowth = 0;
  for (const key of Object.keys(scale[10_000]!)) {
    const a = scale[10_000]![key]!;
    const b = scale[100_000]![key]!;
    const growth = b.p95 / Math.max(a.p95, 0.01);
    if (key !== 'public lookup') {
      worstP95 = Math.max(worstP95, b.p95);
      worstGrowth = Math.max(worstGrowth, growth);
    }
    report.log(
      `| ${key} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(b.p50)} | ${ms(b.p95)} | ${growth.toFixed(2)}× |`,
    );
  }
  report.log();
  report.log(`Plans at 100k: ${planNotes.join('; ')}.`);

  return { worstP95, worstGrowth, plansOk };
}
