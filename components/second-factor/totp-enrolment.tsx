import { getTranslations } from 'next-intl/server';
import QRCode from 'qrcode';
import { groupSecret, totpUri } from '@/lib/auth/totp';
import { SECOND_FACTOR_TEXT, type SecondFactorKind } from '@/lib/schemas/second-factor';

/** The secret being enrolled, as an authenticator app takes it: a QR code, and typed in groups. */
export async function TotpEnrolment({
  kind,
  secret,
  login,
}: {
  kind: SecondFactorKind;
  secret: string;
  login: string;
}) {
  const t = await getTranslations(SECOND_FACTOR_TEXT[kind]);
  const qr = await QRCode.toDataURL(totpUri(secret, login), { margin: 1, width: 220 });
  return (
    <section aria-labelledby="enrol-title" className="space-y-3">
      <h2 id="enrol-title" className="text-lg font-bold">
        {t('enrolTitle')}
      </h2>
      <p>{t('enrolText')}</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
      <img src={qr} alt={t('qrAlt')} width={220} height={220} />
      <p>
        {t('secret')}:{' '}
        <code data-testid="totp-secret" className="font-mono text-lg break-all">
          {groupSecret(secret)}
        </code>
      </p>
    </section>
  );
}
