import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { userRef } from '@/db/queries/sessions';
import { enrolmentSecret } from '@/lib/auth/second-factor';
import {
  SECOND_FACTOR_TEXT,
  type SecondFactorKind,
  type SecondFactorState,
} from '@/lib/schemas/second-factor';
import { SecondFactorForm } from './second-factor-form';
import { TotpEnrolment } from './totp-enrolment';

/**
 * The second step of a sign-in, for operators and applicants alike: the title, the QR code and
 * the secret while the user has no factor yet (a first code enrols it), and the code field.
 * `user` is null only when this page is rendered with the answer of the request that completed
 * the step: the answer holds the recovery codes, shown once from it.
 */
export async function SecondFactorStep({
  kind,
  user,
  action,
  next,
}: {
  kind: SecondFactorKind;
  user: { id: number; login: string; enrolled: boolean } | null;
  action: (prev: SecondFactorState, data: FormData) => Promise<SecondFactorState>;
  next: { href: string; label: string };
}) {
  const t = await getTranslations(SECOND_FACTOR_TEXT[kind]);
  const secret =
    user && !user.enrolled ? await enrolmentSecret(await getDb(), userRef(kind, user.id)) : null;
  return (
    <>
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <SecondFactorForm kind={kind} action={action} enrolling={Boolean(secret)} next={next}>
        {secret && user && <TotpEnrolment kind={kind} secret={secret} login={user.login} />}
      </SecondFactorForm>
    </>
  );
}
