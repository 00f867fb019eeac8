import { getTranslations } from 'next-intl/server';
import type { VerificationStatus } from '@/lib/verification/status';

const LOOK: Record<VerificationStatus, string> = {
  verified: 'bg-emerald-100 text-emerald-900 border-emerald-700',
  unverified: 'bg-slate-100 text-slate-800 border-slate-500',
  pending: 'bg-amber-100 text-amber-950 border-amber-700',
};

const STATUS_KEY: Record<VerificationStatus, string> = {
  verified: 'dashboard.statusVerified',
  unverified: 'dashboard.statusUnverified',
  pending: 'dashboard.statusPending',
};

/** 是否驗證 as text, never as colour alone. */
export async function StatusBadge({ status }: { status: VerificationStatus }) {
  const t = await getTranslations();
  return (
    <span
      className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${LOOK[status]}`}
    >
      {t(STATUS_KEY[status])}
    </span>
  );
}

/** 已逾期 beside 是否驗證: an expired pass cannot be verified (期限迄日 before today, Taipei). */
export async function ExpiredBadge() {
  const t = await getTranslations();
  return (
    <span
      data-testid="expired"
      className="ml-1 inline-block rounded border border-red-700 bg-red-50 px-2 py-0.5 text-sm font-semibold text-red-900"
    >
      {t('dashboard.expired')}
    </span>
  );
}
