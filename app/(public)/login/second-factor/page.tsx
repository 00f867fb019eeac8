import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { SecondFactorStep } from '@/components/second-factor/second-factor-step';
import { SignOutButton } from '@/components/sign-out-button';
import { getApplicantSignIn, sessionCookieReissued, signedInHome } from '@/lib/auth/auth';
import { clientText } from '@/lib/i18n/client-text';
import { titled } from '@/lib/i18n/metadata';
import { applicantSecondFactorAction } from './actions';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('dashboard.secondFactor.title');

/**
 * 兩步驟驗證 of an applicant: after the password, before anything of the dashboard; the only page
 * a pending sign-in reaches. An account without a factor whose company requires one enrols here
 * (QR code and secret), and reaches nothing else until it has. Anyone else goes where they
 * belong, except this page rendered with the answer of the request that completed the step: the
 * answer holds the recovery codes, shown once from it.
 */
export default async function ApplicantSecondFactorPage() {
  const justCompleted = await sessionCookieReissued();
  const applicant = justCompleted ? null : await getApplicantSignIn();
  if (!justCompleted && !applicant?.pending)
    redirect(applicant ? '/dashboard' : await signedInHome());
  const t = await getTranslations('dashboard');
  return (
    <ClientTextProvider text={await clientText(['dashboard', 'refusal'])}>
      <div className="mx-auto max-w-lg space-y-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        {applicant && (
          <p className="text-sm text-slate-700">
            {t('secondFactor.signingInAs', {
              company: applicant.companyName,
              login: applicant.login,
            })}
          </p>
        )}
        {/* Pending without a factor: only because the company requires one. */}
        {applicant && !applicant.enrolled && (
          <p role="note" className="font-semibold">
            {t('secondFactor.requiredText')}
          </p>
        )}
        <SecondFactorStep
          kind="applicant"
          user={
            applicant && {
              id: applicant.accountId,
              login: applicant.login,
              enrolled: applicant.enrolled,
            }
          }
          action={applicantSecondFactorAction}
          next={{ href: '/dashboard', label: t('secondFactor.continue') }}
        />
        {applicant && (
          <div className="border-t border-slate-200 pt-4">
            <SignOutButton label={t('secondFactor.cancel')} />
          </div>
        )}
      </div>
    </ClientTextProvider>
  );
}
