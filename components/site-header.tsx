import Link from 'next/link';

/** The pass information site's header: name on the left, [登入] top right (manual 步驟一). */
export function SiteHeader({ showLogin = true }: { showLogin?: boolean }) {
  return (
    <header className="bg-harbor-800 text-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="flex min-h-11 items-center gap-2 font-bold tracking-wide">
          <span aria-hidden className="grid size-8 place-items-center rounded-md bg-white/15 text-sm">港</span>
          <span>港區通行證資訊網</span>
        </Link>
        {showLogin && (
          <Link
            href="/login"
            className="inline-flex min-h-11 items-center rounded-md bg-white px-4 font-semibold text-harbor-800 hover:bg-harbor-50"
          >
            登入
          </Link>
        )}
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-slate-200 py-6 text-center text-sm text-slate-600">
      港區通行證系統 2.0 · 手機驗證服務
    </footer>
  );
}
