import type { Metadata } from 'next';
import Link from 'next/link';
import { VerifyForm } from '../_components/verify-form';

export const metadata: Metadata = { title: '通行證手機驗證' };

export default function VerifyPage() {
  return (
    <div className="mx-auto max-w-lg">
      <nav className="mb-4 text-sm">
        <Link href="/login" className="text-harbor-700 underline">
          ← 返回登入作業頁面
        </Link>
      </nav>
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="mb-2 text-xl font-bold">通行證手機驗證</h1>
        <p className="mb-6 text-sm text-slate-600">
          同一筆「通行證號+身份證號+手機號碼」的組合,在有效時限24小時內只能發送[取得驗證碼]一次。
        </p>
        <VerifyForm />
      </div>
    </div>
  );
}
