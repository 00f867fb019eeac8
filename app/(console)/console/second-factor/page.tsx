import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SecondFactorStep } from '@/components/second-factor/second-factor-step';
import { SignOutButton } from '@/components/sign-out-button';
import { getOperatorSignIn, sessionCookieReissued } from '@/lib/auth/auth';
import { titled } from '@/lib/i18n/metadata';
import { ConsoleMessages } from '../_components/console-messages';
import { secondFactorAction } from './actions';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('console.secondFactor.title');

/**
 * 兩步驟驗證: after the password, before the console. Anyone but a pending operator: 404. The
 * one exception is this page rendered with the form's own answer, in the request that completed
 * the second factor: the answer holds the recovery codes, shown once from it.
 */
export default async function SecondFactorPage() {
  const justCompleted = await sessionCookieReissued();
  const operator = justCompleted ? null : await getOperatorSignIn();
  if (!justCompleted && !operator) notFound();
  if (operator && !operator.pending) redirect('/console');
  const t = await getTranslations();
  return (
    <>
      <header className="bg-harbor-800 text-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2">
          <p className="flex min-h-11 items-center gap-2 font-bold tracking-wide">
            <span aria-hidden className="grid size-8 place-items-center rounded-md bg-white/15">
              ⚓
            </span>
            {t('common.siteName')} · {t('console.title')}
          </p>
          <div className="rounded-md bg-white text-slate-900">
            <SignOutButton label={t('console.signOut')} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-lg space-y-6 px-4 py-10">
        <ConsoleMessages>
          <SecondFactorStep
            kind="operator"
            user={
              operator && {
                id: operator.operatorId,
                login: operator.login,
                enrolled: operator.enrolled,
              }
            }
            action={secondFactorAction}
            next={{ href: '/console', label: t('console.secondFactor.continue') }}
          />
        </ConsoleMessages>
      </main>
    </>
  );
}
