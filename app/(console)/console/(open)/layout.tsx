import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/language-switcher';
import { SignOutButton } from '@/components/sign-out-button';
import { getOperator } from '@/lib/auth/auth';
import { ConsoleMessages } from '../_components/console-messages';

export const dynamic = 'force-dynamic';

const LINK = 'block min-h-11 rounded-md px-3 py-2.5 hover:bg-white/10';

/** The console's frame. Each page checks the operator again: a layout alone protects nothing. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const operator = await getOperator();
  if (!operator) notFound();
  const t = await getTranslations('console');
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <aside className="bg-slate-900 text-white md:min-h-dvh">
        <div className="px-4 py-4 font-bold">{t('title')}</div>
        <nav aria-label={t('menu')} className="px-2 pb-4">
          <ul className="space-y-1">
            <li>
              <Link className={LINK} href="/console">
                {t('overview')}
              </Link>
            </li>
            <li>
              <Link className={LINK} href="/console/companies">
                {t('companies')}
              </Link>
            </li>
            <li>
              <Link className={LINK} href="/console/import">
                {t('import')}
              </Link>
            </li>
            <li>
              <Link className={LINK} href="/console/audit">
                {t('audit')}
              </Link>
            </li>
          </ul>
        </nav>
      </aside>
      <div>
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
          <p>
            <span className="font-semibold">{t('system')}</span>
            <span className="ml-2 text-sm text-slate-600">
              {operator.displayName}({operator.login})
            </span>
          </p>
          <div className="flex items-center gap-2">
            <LanguageSwitcher />
            <SignOutButton label={t('signOut')} />
          </div>
        </header>
        <main className="space-y-8 p-4 sm:p-6">
          <ConsoleMessages>{children}</ConsoleMessages>
        </main>
      </div>
    </div>
  );
}
