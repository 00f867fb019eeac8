import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-bold">找不到此頁面</h1>
      <p className="mt-3 text-slate-700">網址可能有誤,或您沒有檢視此資料的權限。</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-harbor-700 px-5 font-semibold text-white">
        回到首頁
      </Link>
    </main>
  );
}
