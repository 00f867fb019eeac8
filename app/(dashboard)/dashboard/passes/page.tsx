import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { StatusBadge } from '@/components/status-badge';
import { getDb } from '@/db';
import { getApplicant } from '@/lib/auth/auth';
import { formatDay } from '@/lib/dates';
import { listPasses, passListQuerySchema, type PassListQuery } from '@/lib/passes';
import { formatMobile } from '@/lib/phone';

export const metadata: Metadata = { title: '人員通行證手機驗證' };

type Search = Record<string, string | string[] | undefined>;

function hrefWith(query: PassListQuery, change: Partial<PassListQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  return `/dashboard/passes?${params}`;
}

export default async function PassesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const raw = await searchParams;
  const query = passListQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const { rows, total, pages } = await listPasses(await getDb(), applicant.companyId, query);
  const tabs = [
    { key: 'owned', label: '所屬通行證' },
    { key: 'maintained', label: '非所屬通行證' },
  ] as const;
  const sortLink = (key: PassListQuery['sort'], label: string) => (
    <Link href={hrefWith(query, { sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc', page: 1 })} className="underline-offset-2 hover:underline">
      {label}
      {query.sort === key ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
    </Link>
  );

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">人員通行證手機驗證</h1>
      <nav aria-label="通行證清單" className="flex gap-1 border-b border-slate-300">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={hrefWith({ ...query, passNumber: '', identityNumber: '', name: '', status: undefined }, { tab: t.key, page: 1 })}
            aria-current={query.tab === t.key ? 'page' : undefined}
            className={`min-h-11 rounded-t-md px-4 py-2.5 font-semibold ${query.tab === t.key ? 'border border-b-white border-slate-300 bg-white text-harbor-800' : 'text-slate-600 hover:text-harbor-800'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {query.tab === 'owned' && (
        <p className="text-sm text-slate-700">
          說明:如果在[所屬通行證]畫面列表查詢不到通行證號,請至[
          <Link className="text-harbor-700 underline" href={hrefWith(query, { tab: 'maintained', page: 1 })}>
            非所屬通行證
          </Link>
          ]選單進行查詢。
        </p>
      )}
      <form className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5 sm:items-end" role="search">
        <input type="hidden" name="tab" value={query.tab} />
        {[
          ['passNumber', '通行證號', query.passNumber],
          ['identityNumber', '身分證號', query.identityNumber],
          ['name', '姓名', query.name],
        ].map(([name, label, value]) => (
          <label key={name} className="block text-sm font-semibold">
            {label}
            <input name={name} defaultValue={value} className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 px-3 font-normal" />
          </label>
        ))}
        <label className="block text-sm font-semibold">
          是否驗證
          <select name="status" defaultValue={query.status ?? ''} className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2 font-normal">
            <option value="">全部</option>
            <option value="verified">已驗證</option>
            <option value="unverified">未驗證</option>
            <option value="pending">待驗證</option>
          </select>
        </label>
        <button className="min-h-11 rounded-md bg-harbor-700 px-4 font-semibold text-white hover:bg-harbor-800">查詢</button>
      </form>

      <p className="text-sm text-slate-600" aria-live="polite">共 {total} 筆</p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[56rem] text-left text-sm">
          <thead className="bg-slate-100 text-slate-800">
            <tr>
              <th scope="col" className="px-3 py-2">{sortLink('passNumber', '通行證號')}</th>
              <th scope="col" className="px-3 py-2">身分證號</th>
              <th scope="col" className="px-3 py-2">{sortLink('name', '姓名')}</th>
              <th scope="col" className="px-3 py-2">期限起日</th>
              <th scope="col" className="px-3 py-2">{sortLink('validUntil', '期限迄日')}</th>
              <th scope="col" className="px-3 py-2">預設手機號碼</th>
              <th scope="col" className="px-3 py-2">已驗證手機號碼</th>
              <th scope="col" className="px-3 py-2">是否驗證</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.passNumber} className="border-t border-slate-200">
                <td className="px-3 py-2">
                  <Link className="font-semibold text-harbor-700 underline" href={`/dashboard/passes/${encodeURIComponent(r.passNumber)}`}>
                    {r.passNumber}
                  </Link>
                </td>
                <td className="px-3 py-2">{r.identityNumber}</td>
                <td className="px-3 py-2">{r.name}</td>
                <td className="px-3 py-2">{formatDay(r.validFrom)}</td>
                <td className="px-3 py-2">{formatDay(r.validUntil)}</td>
                <td className="px-3 py-2">{formatMobile(r.personMobile)}</td>
                <td className="px-3 py-2">{formatMobile(r.verifiedMobile)}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-600">
                  查無資料
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="分頁" className="flex items-center gap-3">
          {query.page > 1 && <Link className="min-h-11 rounded-md border px-3 py-2.5" href={hrefWith(query, { page: query.page - 1 })}>上一頁</Link>}
          <span>
            第 {query.page} / {pages} 頁
          </span>
          {query.page < pages && <Link className="min-h-11 rounded-md border px-3 py-2.5" href={hrefWith(query, { page: query.page + 1 })}>下一頁</Link>}
        </nav>
      )}
    </div>
  );
}
