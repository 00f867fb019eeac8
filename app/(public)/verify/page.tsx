import { getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { clientText } from '@/lib/i18n/client-text';
import { titled } from '@/lib/i18n/metadata';
import { VerifyForm } from '../_components/verify-form';

export const generateMetadata = titled('verify.title');

/** 手機驗證 as a page: where the login page's dialog goes without JavaScript, and a link to share. */
export default async function VerifyPage() {
  const t = await getTranslations('verify');
  return (
    <div className="mx-auto max-w-lg">
      <nav className="mb-4 text-sm">
        <a href="/login" className="text-harbor-700 underline">
          {t('back')}
        </a>
      </nav>
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="mb-2 text-xl font-bold">{t('title')}</h1>
        <p className="mb-6 text-sm text-slate-600">{t('rule')}</p>
        <ClientTextProvider text={await clientText(['verify', 'validation', 'refusal'])}>
          <VerifyForm />
        </ClientTextProvider>
      </div>
    </div>
  );
}
