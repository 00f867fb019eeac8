import { getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { env } from '@/lib/env';
import { clientText } from '@/lib/i18n/client-text';
import { titled } from '@/lib/i18n/metadata';
import { PhoneVerifyDialog } from './_components/phone-verify-dialog';
import { SignInForm } from './_components/sign-in-form';

export const generateMetadata = titled('login.submit');

/** 登入 for applicants and operators, and [手機驗證] for pass holders (manual 步驟一、二). */
export default async function LoginPage() {
  const t = await getTranslations('login');
  return (
    <ClientTextProvider text={await clientText(['login', 'verify', 'validation', 'refusal'])}>
      <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-[1fr_18rem]">
        <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
          <h1 className="text-xl font-bold">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('subtitle')}</p>
          <SignInForm />
          <div className="mt-6 border-t border-slate-200 pt-4 text-sm">
            <h2 className="font-semibold">{t('requestAccountTitle')}</h2>
            <p data-testid="request-account" className="mt-1 text-slate-700">
              {t('requestAccountText', { contact: env.ACCOUNT_REQUEST_CONTACT })}
            </p>
          </div>
        </section>
        <aside className="space-y-4 rounded-2xl border border-harbor-100 bg-harbor-50 p-5">
          <h2 className="font-bold text-harbor-900">{t('holderTitle')}</h2>
          <p className="text-sm leading-relaxed text-slate-700">{t('holderText')}</p>
          <PhoneVerifyDialog />
          <p className="text-sm text-slate-600">{t('applyNote')}</p>
        </aside>
      </div>
    </ClientTextProvider>
  );
}
