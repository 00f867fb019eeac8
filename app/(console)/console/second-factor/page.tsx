import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import QRCode from 'qrcode';
import { SignOutButton } from '@/components/sign-out-button';
import { getDb } from '@/db';
import { getOperatorSignIn, sessionCookieReissued } from '@/lib/auth/auth';
import { enrolmentSecret } from '@/lib/auth/second-factor';
import { groupSecret, totpUri } from '@/lib/auth/totp';
import { titled } from '@/lib/i18n/metadata';
import { ConsoleMessages } from '../_components/console-messages';
import { SecondFactorForm } from './_components/second-factor-form';

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
  if (operator?.secondFactor) redirect('/console');
  const t = await getTranslations();
  const secret =
    operator && !operator.enrolled
      ? await enrolmentSecret(await getDb(), { operatorId: operator.operatorId })
      : null;
  const qr =
    operator && secret
      ? await QRCode.toDataURL(totpUri(secret, operator.login), { margin: 1, width: 220 })
      : null;
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
        <h1 className="text-2xl font-bold">{t('console.secondFactor.title')}</h1>
        {secret && qr && (
          <section aria-labelledby="enrol-title" className="space-y-3">
            <h2 id="enrol-title" className="text-lg font-bold">
              {t('console.secondFactor.enrolTitle')}
            </h2>
            <p>{t('console.secondFactor.enrolText')}</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
            <img src={qr} alt={t('console.secondFactor.qrAlt')} width={220} height={220} />
            <p>
              {t('console.secondFactor.secret')}:{' '}
              <code data-testid="totp-secret" className="font-mono text-lg break-all">
                {groupSecret(secret)}
              </code>
            </p>
          </section>
        )}
        <ConsoleMessages>
          <SecondFactorForm enrolling={Boolean(secret)} />
        </ConsoleMessages>
      </main>
    </>
  );
}
