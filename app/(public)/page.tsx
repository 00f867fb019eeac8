import Link from 'next/link';

export default function HomePage() {
  return (
    <div className="space-y-8">
      <section className="rounded-2xl bg-gradient-to-br from-harbor-700 to-harbor-900 px-6 py-10 text-white shadow-sm">
        <h1 className="text-2xl font-bold sm:text-3xl">港區通行證資訊網</h1>
        <p className="mt-3 max-w-2xl leading-relaxed text-harbor-100">
          港區人員通行證持有人請完成手機驗證,以便接收通行證相關通知。驗證不需登入系統:
          點擊右上方的[登入],在登入作業頁面按[手機驗證]即可。
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href="/login" className="inline-flex min-h-11 items-center rounded-md bg-white px-5 font-semibold text-harbor-800 hover:bg-harbor-50">
            前往登入作業頁面
          </Link>
          <Link href="/verify" className="inline-flex min-h-11 items-center rounded-md border border-white/60 px-5 font-semibold text-white hover:bg-white/10">
            直接進行手機驗證
          </Link>
        </div>
      </section>

      <section aria-labelledby="howto" className="grid gap-4 sm:grid-cols-2">
        <h2 id="howto" className="sr-only">操作說明</h2>
        <article className="rounded-xl border border-slate-200 bg-white p-5">
          <h3 className="font-bold text-harbor-800">通行證使用者自行驗證(不需登入)</h3>
          <ol className="mt-3 list-decimal space-y-1 pl-5 text-slate-700">
            <li>輸入[通行證號]、[身份證號]、[手機號碼]。</li>
            <li>按【取得驗證碼】,收到簡訊後輸入[手機驗證碼]。</li>
            <li>按【送出驗證碼】完成驗證。</li>
          </ol>
          <p className="mt-3 text-sm text-slate-600">
            手機號碼必須與系統中基本資料所登錄的手機號碼相同;如需修改,請洽業者申請人。
          </p>
        </article>
        <article className="rounded-xl border border-slate-200 bg-white p-5">
          <h3 className="font-bold text-harbor-800">業者申請人(需登入系統)</h3>
          <p className="mt-3 text-slate-700">
            以帳號密碼登入後,於[基本資料維護 &gt; 人員通行證手機驗證]檢視所屬與非所屬通行證的驗證狀態,並可代為發送驗證簡訊。
          </p>
        </article>
      </section>
    </div>
  );
}
