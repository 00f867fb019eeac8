import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SideNav } from '@/components/side-nav';
import { SignedInHeader } from '@/components/signed-in-header';
import { getOperator } from '@/lib/auth/auth';
import { ConsoleMessages } from '../_components/console-messages';

export const dynamic = 'force-dynamic';

/** The console's frame. Each page checks the operator again: a layout alone protects nothing. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const operator = await getOperator();
  if (!operator) notFound();
  const t = await getTranslations('console');
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <SideNav
        className="bg-slate-900"
        title={t('title')}
        label={t('menu')}
        links={[
          { href: '/console', label: t('overview') },
          { href: '/console/companies', label: t('companies') },
          { href: '/console/import', label: t('import') },
          { href: '/console/audit', label: t('audit') },
        ]}
      />
      <div className="min-w-0">
        <SignedInHeader
          title={t('system')}
          displayName={operator.displayName}
          login={operator.login}
          signOutLabel={t('signOut')}
        />
        <main className="space-y-8 p-4 sm:p-6">
          <ConsoleMessages>{children}</ConsoleMessages>
        </main>
      </div>
    </div>
  );
}
