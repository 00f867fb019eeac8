import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import QRCode from 'qrcode';
import { getDb } from '@/db';
import { getOperatorSignIn } from '@/lib/auth/auth';
import { enrolmentSecret } from '@/lib/auth/second-factor';
import type { SecondFactorState } from '@/lib/console/second-factor';
import { FLASH_COOKIE, openFlash } from '@/lib/flash';
import { groupSecret, totpUri } from '@/lib/auth/totp';
import { ConsoleMessages } from '../_components/console-messages';
import { SecondFactorForm } from './_components/second-factor-form';

export const dynamic = 'force-dynamic';

/**
 * 兩步驟驗證: after the password, before the console. Anyone but a pending operator: 404. Without
 * JavaScript the form's answer comes back sealed in a cookie (lib/form-route.ts): the
 * recovery codes of a completed enrolment are shown from it before going on to the console.
 */
export default async function SecondFactorPage() {
  const operator = await getOperatorSignIn();
  if (!operator) notFound();
  const answer = openFlash(
    '/console/second-factor',
    (await cookies()).get(FLASH_COOKIE)?.value,
  ) as SecondFactorState | null;
  if (operator.secondFactor && !answer?.recoveryCodes) redirect('/console');
  const t = await getTranslations('console.secondFactor');
  const secret = operator.enrolled
    ? null
    : await enrolmentSecret(await getDb(), { operatorId: operator.operatorId });
  const qr = secret
    ? await QRCode.toDataURL(totpUri(secret, operator.login), { margin: 1, width: 220 })
    : null;
  return (
    <main className="mx-auto max-w-lg space-y-6 px-4 py-10">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      {secret && qr && (
        <section aria-labelledby="enrol-title" className="space-y-3">
          <h2 id="enrol-title" className="text-lg font-bold">
            {t('enrolTitle')}
          </h2>
          <p>{t('enrolText')}</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
          <img src={qr} alt={t('qrAlt')} width={220} height={220} />
          <p>
            {t('secret')}:{' '}
            <code data-testid="totp-secret" className="font-mono text-lg">
              {groupSecret(secret)}
            </code>
          </p>
        </section>
      )}
      <ConsoleMessages>
        <SecondFactorForm enrolling={Boolean(secret)} initial={answer ?? undefined} />
      </ConsoleMessages>
    </main>
  );
}
