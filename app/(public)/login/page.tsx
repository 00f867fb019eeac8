import type { Metadata } from 'next';
import { PhoneVerifyDialog } from './_components/phone-verify-dialog';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: '登入作業' };

export default function LoginPage() {
  return (
    <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-[1fr_18rem]">
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-xl font-bold">港區通行證系統 登入作業</h1>
        <p className="mt-1 text-sm text-slate-600">業者申請人請以帳號密碼登入。</p>
        <SignInForm />
      </section>
      <aside className="space-y-4 rounded-2xl border border-harbor-100 bg-harbor-50 p-5">
        <h2 className="font-bold text-harbor-900">通行證使用者</h2>
        <p className="text-sm leading-relaxed text-slate-700">
          不需登入:按[手機驗證],輸入通行證號、身份證號與手機號碼,即可取得驗證碼並完成手機驗證。
        </p>
        <PhoneVerifyDialog />
        <p className="text-sm text-slate-600">需要申請當次人員/車輛通行證?請洽貴公司的業者申請人。</p>
      </aside>
    </div>
  );
}
