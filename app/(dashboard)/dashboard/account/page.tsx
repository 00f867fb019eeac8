import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SecondFactorForm } from '@/components/second-factor/second-factor-form';
import { TotpEnrolment } from '@/components/second-factor/totp-enrolment';
import { getDb } from '@/db';
import { findCompanySecondFactorRequired } from '@/db/queries/accounts';
import { getApplicant } from '@/lib/auth/auth';
import { enrolmentSecret } from '@/lib/auth/second-factor';
import { titled } from '@/lib/i18n/metadata';
import { enrolSecondFactorAction } from './actions';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('dashboard.accountPage.title');

/**
 * 帳號安全: who is signed in, and the account's second factor. Without one, the QR code and the
 * secret to turn it on (the first right code enrols it, then the recovery codes, once); with one,
 * that it is on and whom to ask for a reset. The form is rendered either way, so the answer that
 * enrolled it still shows its recovery codes on the page that now says it is on.
 */
export default async function AccountPage() {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const t = await getTranslations('dashboard');
  const db = await getDb();
  const [secret, required] = await Promise.all([
    applicant.enrolled ? null : enrolmentSecret(db, { accountId: applicant.accountId }),
    findCompanySecondFactorRequired(db, { companyId: applicant.companyId }),
  ]);
  const card = 'space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6';
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t('accountPage.title')}</h1>
      <section aria-labelledby="who-title" className={card}>
        <h2 id="who-title" className="text-lg font-bold">
          {t('accountPage.who')}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="font-semibold">{t('accountPage.company')}</dt>
          <dd>{applicant.companyName}</dd>
          <dt className="font-semibold">{t('accountPage.login')}</dt>
          <dd>{applicant.login}</dd>
          <dt className="font-semibold">{t('accountPage.displayName')}</dt>
          <dd>{applicant.displayName}</dd>
        </dl>
      </section>
      <section aria-labelledby="second-factor-title" className={card}>
        <h2 id="second-factor-title" className="text-lg font-bold">
          {t('accountPage.secondFactorTitle')}
        </h2>
        <p data-testid="second-factor-status" className="font-semibold">
          {t('accountPage.status', {
            status: applicant.enrolled ? t('accountPage.on') : t('accountPage.off'),
          })}
        </p>
        {required && <p>{t('accountPage.required')}</p>}
        {applicant.enrolled ? (
          <>
            <p>{t('accountPage.onText')}</p>
            <p>{t('accountPage.resetText')}</p>
          </>
        ) : (
          <>
            <p>{t('accountPage.offText')}</p>
            <p>{t('accountPage.otherSessions')}</p>
          </>
        )}
        <SecondFactorForm
          kind="applicant"
          action={enrolSecondFactorAction}
          enrolling
          hidden={applicant.enrolled || !secret}
          autoFocus={false}
          next={{ href: '/dashboard/account', label: t('secondFactor.done') }}
        >
          {secret && <TotpEnrolment kind="applicant" secret={secret} login={applicant.login} />}
        </SecondFactorForm>
      </section>
    </div>
  );
}
