import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { StatusBadge } from '@/components/status-badge';
import { getDb } from '@/db';
import { getApplicant } from '@/lib/auth/auth';
import { formatDay, formatTaipeiDateTime } from '@/lib/dates';
import { getPassDetail } from '@/lib/passes';
import { formatMobile, maskMobile } from '@/lib/phone';
import { PassActions } from './_components/pass-actions';

export const metadata: Metadata = { title: '人員通行證手機驗證' };

const STATE_LABEL: Record<string, string> = {
  sending: '發送中',
  sent: '已發送,待輸入',
  verified: '驗證成功',
  expired: '逾時失效',
  locked: '錯誤過多失效',
  superseded: '已由新驗證碼取代',
  'send-failed': '發送失敗',
  cancelled: '已取消',
};

export default async function PassDetailPage({ params }: { params: Promise<{ passNumber: string }> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const { passNumber } = await params;
  const pass = await getPassDetail(await getDb(), applicant.companyId, decodeURIComponent(passNumber));
  if (!pass) notFound();
  const hasPending = pass.history[0]?.state === 'sent' || pass.history[0]?.state === 'sending';
  const fields: Array<[string, React.ReactNode]> = [
    ['通行證號', pass.passNumber],
    ['身分證號', pass.identityNumber],
    ['期限起日', formatDay(pass.validFrom)],
    ['期限迄日', formatDay(pass.validUntil)],
    ['姓名', pass.name],
    ['是否驗證', <StatusBadge key="s" status={pass.status} />],
    ['預設手機號碼', formatMobile(pass.personMobile) || '(空白)'],
    ['已驗證手機號碼', formatMobile(pass.verifiedMobile) || '—'],
  ];
  const newPersonHref = `/dashboard/persons/new?identityNumber=${encodeURIComponent(pass.identityNumber)}&name=${encodeURIComponent(pass.name)}`;

  return (
    <div className="space-y-5">
      <Link href={`/dashboard/passes?tab=${pass.owned ? 'owned' : 'maintained'}`} className="text-sm text-harbor-700 underline">
        ← 回到{pass.owned ? '所屬' : '非所屬'}通行證
      </Link>
      <h1 className="text-xl font-bold">人員通行證手機驗證:{pass.passNumber}</h1>
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        {fields.map(([label, value]) => (
          <div key={label} className="flex gap-2">
            <dt className="w-28 shrink-0 font-semibold text-slate-700">{label}:</dt>
            <dd data-testid={`field-${label}`}>{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="reminders" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
        <h2 id="reminders" className="font-bold">提醒:</h2>
        <ol className="mt-1 list-decimal space-y-1 pl-5">
          <li>系統會以「預設手機號碼」發送驗證簡訊,請確認驗證手機門號資訊無誤後,點擊[取得驗證碼];如要異動驗證手機門號,請於「修改手機號碼」欄位輸入新號碼後,再點擊[取得驗證碼]。</li>
          <li>如於此畫面有異動驗證手機門號,待驗證通過,系統會同步更新該人員資料手機號碼。</li>
          <li>同一筆「通行證號+身份證號+手機號碼」的組合,在有效時限24小時內只能發送[取得驗證碼]一次。</li>
          <li>若「預設手機號碼」顯示空白時,請先至「基本資料維護」/「人員資料」新增一筆該人員資料。再回到此頁進行驗證操作。</li>
        </ol>
      </section>

      {!pass.personMobile && (
        <p data-testid="no-person" className="rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
          「預設手機號碼」空白,無法取得驗證碼。請先
          <Link href={newPersonHref} className="mx-1 font-semibold underline">
            新增此人員資料
          </Link>
          (已帶入身分證號與姓名)。
        </p>
      )}

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <PassActions passNumber={pass.passNumber} canSend={Boolean(pass.personMobile)} hasPending={hasPending} />
      </section>

      <section aria-labelledby="history">
        <h2 id="history" className="mb-2 font-bold">驗證紀錄</h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">發送時間</th>
                <th scope="col" className="px-3 py-2">手機號碼</th>
                <th scope="col" className="px-3 py-2">管道</th>
                <th scope="col" className="px-3 py-2">結果</th>
              </tr>
            </thead>
            <tbody data-testid="history">
              {pass.history.map((a) => (
                <tr key={a.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">{formatTaipeiDateTime(a.sentAt)}</td>
                  <td className="px-3 py-2">{maskMobile(a.mobile)}</td>
                  <td className="px-3 py-2">{a.channel === 'public' ? '持證人自行發送' : `業者申請人 ${a.login ?? ''}`}</td>
                  <td className="px-3 py-2">
                    {STATE_LABEL[a.state] ?? a.state}
                    {a.cancelReason ? `(原因:${a.cancelReason})` : ''}
                  </td>
                </tr>
              ))}
              {pass.history.length === 0 && (
                <tr>
                  <td colSpan={4} className="px-3 py-4 text-center text-slate-600">
                    尚無紀錄
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
