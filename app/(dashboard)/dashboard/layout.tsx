import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { SideNav } from '@/components/side-nav';
import { SignedInHeader } from '@/components/signed-in-header';
import { getApplicant, signedInHome } from '@/lib/auth/auth';
import { clientText } from '@/lib/i18n/client-text';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const applicant = await getApplicant();
  if (!applicant) redirect(await signedInHome());
  const t = await getTranslations('dashboard');
  // What the dashboard's client components say: the switcher, the forms and their messages.
  const text = await clientText(['common', 'dashboard', 'validation']);
  return (
    <ClientTextProvider text={text}>
      <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
        <SideNav
          className="bg-harbor-900"
          title={t('system')}
          label={t('menu')}
          group={t('basicData')}
          links={[
            { href: '/dashboard/persons', label: t('persons') },
            { href: '/dashboard/passes', label: t('passes') },
          ]}
          more={[
            {
              group: t('accountGroup'),
              links: [{ href: '/dashboard/account', label: t('account') }],
            },
          ]}
        />
        <div className="min-w-0">
          <SignedInHeader
            title={applicant.companyName}
            displayName={applicant.displayName}
            login={applicant.login}
            signOutLabel={t('signOut')}
          />
          <main className="p-4 sm:p-6">{children}</main>
        </div>
      </div>
    </ClientTextProvider>
  );
}
