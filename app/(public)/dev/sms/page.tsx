import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatDateTimeIn } from '@/lib/i18n/format';
import { isDevOutboxEnabled, readDevOutbox } from '@/lib/server/dev-outbox';
import { formatMobile } from '@/lib/values/phone';

export const metadata: Metadata = { title: '開發用簡訊匣' };
export const dynamic = 'force-dynamic';

export default async function DevSmsPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string }>;
}) {
  if (!isDevOutboxEnabled()) notFound();
  const { to } = await searchParams;
  const messages = await readDevOutbox(typeof to === 'string' ? to : null);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">開發用簡訊匣(SMS_TRANSPORT=log)</h1>
      <p className="rounded-md border border-amber-600 bg-amber-50 p-3 text-amber-950">
        此環境不會發送真實簡訊;驗證簡訊只出現在這裡(最新的在最上面)。
      </p>
      <form className="flex flex-wrap items-end gap-2">
        <label className="block">
          <span className="block font-semibold">手機號碼</span>
          <input
            name="to"
            defaultValue={to ?? ''}
            className="mt-1 min-h-11 rounded-md border border-slate-400 px-3"
          />
        </label>
        <button className="min-h-11 rounded-md bg-harbor-700 px-4 font-semibold text-white">
          篩選
        </button>
      </form>
      <ul className="space-y-2">
        {messages.map((m) => (
          <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="text-sm text-slate-600">
              {formatMobile(m.to)} · {formatDateTimeIn('zh-TW', new Date(m.createdAt))}
            </p>
            <p className="mt-1 whitespace-pre-wrap">{m.body}</p>
          </li>
        ))}
        {messages.length === 0 && <li className="text-slate-600">沒有簡訊。</li>}
      </ul>
    </div>
  );
}
