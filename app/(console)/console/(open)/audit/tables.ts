import type { loadAudit } from '@/lib/console/audit';
import { formatDateTimeIn } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';

type Audit = Awaited<ReturnType<typeof loadAudit>>;

/** next-intl's translator of the console namespace, as much of it as the tables use. */
interface Translate {
  (key: string): string;
  has(key: string): boolean;
}

/**
 * The audit's two tables as the operator reads them — Taiwan time, the page's language — for the
 * page and for its CSV export alike.
 */
export function auditTables(audit: Audit, t: Translate, locale: Locale) {
  const at = (d: Date) => formatDateTimeIn(locale, d);
  const channel = { public: t('channelPublic'), applicant: t('channelApplicant') };
  const label = (group: string, key: string) =>
    t.has(`${group}.${key}`) ? t(`${group}.${key}`) : key;
  return {
    attempts: {
      caption: t('attempts'),
      head: [
        t('time'),
        t('pass'),
        t('channel'),
        t('account'),
        t('mobile'),
        t('state'),
        t('tries'),
        t('messageId'),
        t('client'),
      ],
      rows: audit.attempts.map((a) => [
        at(a.sentAt),
        a.passNumber,
        channel[a.channel],
        a.account ? `${a.company} / ${a.account}` : a.company,
        a.mobile,
        a.failure
          ? `${label('states', a.state)}(${label('failureKinds', a.failure)})`
          : label('states', a.state),
        a.failedTries,
        a.providerMessageId,
        a.client,
      ]),
    },
    changes: {
      caption: t('personChanges'),
      head: [t('time'), t('who'), t('action'), t('change')],
      rows: audit.changes.map((c) => [
        at(c.at),
        c.actor,
        label('actions', c.action),
        [
          c.identity && `${t('identityNumber')}:${c.identity}`,
          ...c.fields.map((f) => `${label('fields', f.field)}:${f.old} → ${f.new}`),
        ]
          .filter(Boolean)
          .join(';'),
      ]),
    },
  };
}
