import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/language-switcher';
import { SignOutButton } from '@/components/sign-out-button';
import { getApplicant, operatorHome } from '@/lib/auth/auth';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const applicant = await getApplicant();
  if (!applicant) redirect(await operatorHome());
  const t = await getTranslations('dashboard');
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <aside className="bg-harbor-900 text-white md:min-h-dvh">
        <div className="px-4 py-4 font-bold">{t('system')}</div>
        <nav aria-label={t('menu')} className="px-2 pb-4">
          <p className="px-2 pb-1 text-sm text-harbor-100">{t('basicData')}</p>
          <ul className="space-y-1">
            <li>
              <Link
                className="block min-h-11 rounded-md px-3 py-2.5 hover:bg-white/10"
                href="/dashboard/persons"
              >
                {t('persons')}
              </Link>
            </li>
            <li>
              <Link
                className="block min-h-11 rounded-md px-3 py-2.5 hover:bg-white/10"
                href="/dashboard/passes"
              >
                {t('passes')}
              </Link>
            </li>
          </ul>
        </nav>
      </aside>
      <div>
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
          <p>
            <span className="font-semibold">{applicant.companyName}</span>
            <span className="ml-2 text-sm text-slate-600">
              {applicant.displayName}({applicant.login})
            </span>
          </p>
          <div className="flex items-center gap-2">
            <LanguageSwitcher />
            <SignOutButton label={t('signOut')} />
          </div>
        </header>
        <main className="p-4 sm:p-6">{children}</main>
      </div>
    </div>
  );
}
