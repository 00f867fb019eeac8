import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { ExpiredBadge, StatusBadge } from '@/components/status-badge';
import { ListCell, ListRow, ListTable } from '@/components/ui/list-table';
import { getDb } from '@/db';
import { CANCELLABLE_STATES } from '@/db/queries/verification';
import { getServerI18n } from '@/lib/i18n/server';
import { getApplicant } from '@/lib/auth/auth';
import { taipeiDate } from '@/lib/values/dates';
import { formatDateTimeIn, formatDayIn } from '@/lib/i18n/format';
import { titled } from '@/lib/i18n/metadata';
import type { Locale } from '@/lib/i18n/locales';
import { getPassDetail } from '@/lib/domain/passes';
import { formatMobile, maskMobile } from '@/lib/values/phone';
import { PassActions } from './_components/pass-actions';

export const generateMetadata = titled('dashboard.passes');

export default async function PassDetailPage({
  params,
}: {
  params: Promise<{ passNumber: string }>;
}) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const { passNumber } = await params;
  const pass = await getPassDetail(
    await getDb(),
    applicant.companyId,
    decodeURIComponent(passNumber),
  );
  if (!pass) notFound();
  const t = await getTranslations('dashboard');
  const i18n = await getServerI18n();
  const locale = (await getLocale()) as Locale;
  // A pending or locked code can be cancelled (frees the triple's window).
  const latest = pass.history[0]?.state;
  const hasPending = latest !== undefined && CANCELLABLE_STATES.includes(latest);
  const expired = pass.validUntil < taipeiDate();
  const fields: Array<[string, React.ReactNode]> = [
    ['passNumber', pass.passNumber],
    ['identityNumber', pass.identityNumber],
    ['validFrom', formatDayIn(locale, pass.validFrom)],
    [
      'validUntil',
      <>
        {formatDayIn(locale, pass.validUntil)}
        {expired && <ExpiredBadge />}
      </>,
    ],
    ['name', pass.name],
    ['status', <StatusBadge key="s" status={pass.status} />],
    ['defaultMobile', formatMobile(pass.personMobile) || t('empty')],
    ['verifiedMobile', formatMobile(pass.verifiedMobile) || '—'],
  ];
  const newPersonHref = `/dashboard/persons/new?identityNumber=${encodeURIComponent(pass.identityNumber)}&name=${encodeURIComponent(pass.name)}&pass=${encodeURIComponent(pass.passNumber)}`;

  return (
    <div className="space-y-5">
      <Link
        href={`/dashboard/passes?tab=${pass.owned ? 'owned' : 'maintained'}`}
        className="text-sm text-harbor-700 underline"
      >
        {t('backTo', { list: t(pass.owned ? 'owned' : 'maintained') })}
      </Link>
      <h1 className="text-xl font-bold">{t('detailTitle', { passNumber: pass.passNumber })}</h1>
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        {fields.map(([key, value]) => (
          <div key={key} className="flex gap-2">
            <dt className="w-32 shrink-0 font-semibold text-slate-700">{t(key)}:</dt>
            <dd data-testid={`field-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>

      <section
        aria-labelledby="reminders"
        className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
      >
        <h2 id="reminders" className="font-bold">
          {t('reminders')}
        </h2>
        <ol className="mt-1 list-decimal space-y-1 pl-5">
          <li>{t('reminder1')}</li>
          <li>{t('reminder2')}</li>
          <li>{t('reminder3')}</li>
          <li>{t('reminder4')}</li>
        </ol>
      </section>

      {!pass.personMobile && (
        <p
          data-testid="no-person"
          className="rounded-md border border-red-700 bg-red-50 p-3 text-red-900"
        >
          {t('noPersonBefore')}
          <Link href={newPersonHref} className="mx-1 font-semibold underline">
            {t('noPersonLink')}
          </Link>
          {t('noPersonAfter')}
        </p>
      )}

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        {pass.maintainedElsewhere && (
          <p
            data-testid="maintained-elsewhere"
            className="mb-3 rounded-md border border-slate-300 bg-slate-50 p-3 text-slate-800"
          >
            {t('maintainedElsewhere')}
          </p>
        )}
        <PassActions
          passNumber={pass.passNumber}
          canSend={Boolean(pass.personMobile) && !expired}
          sendBlocked={
            // The engine's own refusal, said before anyone presses the button.
            expired
              ? i18n.refused({ ok: false, reason: 'expired-pass', validUntil: pass.validUntil })
                  .message
              : undefined
          }
          canChangeMobile={!pass.maintainedElsewhere}
          hasPending={hasPending}
        />
      </section>

      <section aria-labelledby="history">
        <h2 id="history" className="mb-2 font-bold">
          {t('history')}
        </h2>
        <ListTable
          cards
          minWidth="sm:min-w-[40rem]"
          bodyTestId="history"
          empty={pass.history.length === 0 ? t('noHistory') : null}
          columns={[t('sentAt'), t('mobile'), t('channel'), t('outcome')]}
        >
          {pass.history.map((a) => (
            <ListRow cards key={a.id}>
              <ListCell label={t('sentAt')}>{formatDateTimeIn(locale, a.sentAt)}</ListCell>
              <ListCell label={t('mobile')}>{maskMobile(a.mobile)}</ListCell>
              <ListCell label={t('channel')}>
                {a.channel === 'public'
                  ? t('channelPublic')
                  : t('channelApplicant', { login: a.login ?? '' })}
              </ListCell>
              <ListCell label={t('outcome')}>
                {t(`state_${a.state}`)}
                {a.cancelReason ? t('cancelReasonShown', { reason: a.cancelReason }) : ''}
              </ListCell>
            </ListRow>
          ))}
        </ListTable>
      </section>
    </div>
  );
}
