import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SideNav } from '@/components/side-nav';
import { SignedInHeader } from '@/components/signed-in-header';
import { getApplicant, operatorHome } from '@/lib/auth/auth';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const applicant = await getApplicant();
  if (!applicant) redirect(await operatorHome());
  const t = await getTranslations('dashboard');
  return (
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
      />
      <div>
        <SignedInHeader
          title={applicant.companyName}
          displayName={applicant.displayName}
          login={applicant.login}
          signOutLabel={t('signOut')}
        />
        <main className="p-4 sm:p-6">{children}</main>
      </div>
    </div>
  );
}
