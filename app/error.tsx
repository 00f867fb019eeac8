'use client';

/** Any failure while rendering (a database outage, say): one friendly sentence, no details. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-bold">服務暫時無法使用</h1>
      <p className="mt-3 text-slate-700">系統正在恢復中,請稍後再試。造成不便,敬請見諒。</p>
      <button onClick={reset} className="mt-6 min-h-11 rounded-md bg-harbor-700 px-5 font-semibold text-white">
        重新載入
      </button>
    </main>
  );
}
