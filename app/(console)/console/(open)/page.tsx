import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getOperator } from '@/lib/auth/auth';
import { loadOverview } from '@/lib/console/overview';
import { env } from '@/lib/env';
import { ChartSection } from './_components/chart-section';

export const dynamic = 'force-dynamic';

const PERIODS = [7, 30, 90] as const;

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`;

/** 總覽: the console's landing page. */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await getOperator())) notFound();
  const asked = Number((await searchParams).days);
  const days = PERIODS.find((p) => p === asked) ?? 30;
  const t = await getTranslations('console');
  const tStatus = await getTranslations('dashboard');
  const o = await loadOverview(await getDb(), {
    days,
    codeTtlHours: env.CODE_TTL_HOURS,
    dailyBudget: env.LIMIT_SENDS_PER_COMPANY_DAY,
  });
  const channelName = { public: t('channelPublic'), applicant: t('channelApplicant') };
  const statuses = [
    ['verified', tStatus('statusVerified')],
    ['unverified', tStatus('statusUnverified')],
    ['pending', tStatus('statusPending')],
  ] as const;
  const failureKind = (kind: string) =>
    t.has(`failureKinds.${kind}`) ? t(`failureKinds.${kind}`) : kind;
  const funnel: Array<[string, number]> = [
    [t('funnelSent'), o.funnel.sent],
    [t('funnelVerified'), o.funnel.verified],
    [t('funnelVerified24h'), o.funnel.verifiedWithin24h],
  ];
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">{t('overview')}</h1>
        <form className="flex items-end gap-2">
          <label className="block">
            <span className="block font-semibold">{t('period')}</span>
            <select
              name="days"
              defaultValue={String(days)}
              className="min-h-11 rounded-md border border-slate-400 bg-white px-2"
            >
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t('periodDays', { days: p })}
                </option>
              ))}
            </select>
          </label>
          <button className="min-h-11 rounded-md border border-harbor-700 px-4 font-semibold text-harbor-800">
            {t('show')}
          </button>
        </form>
      </div>

      <ChartSection
        id="sent-title"
        title={t('sentPerDay')}
        tableTitle={t('chartTable', { title: t('sentPerDay') })}
        foldTable
        spec={{
          type: 'bar',
          stacked: true,
          labels: o.sentPerDay.map((d) => d.day.slice(5)),
          datasets: [
            { label: channelName.public, data: o.sentPerDay.map((d) => d.public) },
            { label: channelName.applicant, data: o.sentPerDay.map((d) => d.applicant) },
          ],
        }}
        head={[t('day'), channelName.public, channelName.applicant]}
        rows={o.sentPerDay.map((d) => [d.day, d.public, d.applicant])}
      />

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartSection
          id="funnel-title"
          title={t('funnel')}
          tableTitle={t('chartTable', { title: t('funnel') })}
          testId="funnel-table"
          spec={{
            type: 'bar',
            horizontal: true,
            labels: funnel.map(([label]) => label),
            datasets: [{ label: t('count'), data: funnel.map(([, n]) => n) }],
          }}
          head={[t('funnel'), t('count')]}
          rows={funnel}
        >
          <p data-testid="funnel-share">
            {t('funnelShare', { share: percent(o.funnel.verifiedWithin24h, o.funnel.sent) })}
          </p>
        </ChartSection>

        <ChartSection
          id="status-title"
          title={t('passStatus')}
          tableTitle={t('chartTable', { title: t('passStatus') })}
          testId="status-table"
          spec={{
            type: 'bar',
            labels: statuses.map(([, label]) => label),
            datasets: [{ label: t('count'), data: statuses.map(([s]) => o.passStatus[s]) }],
          }}
          head={[t('status'), t('count')]}
          rows={statuses.map(([s, label]) => [label, o.passStatus[s]])}
        />

        <ChartSection
          id="failures-title"
          title={t('failures')}
          tableTitle={t('chartTable', { title: t('failures') })}
          spec={{
            type: 'bar',
            labels: o.failures.map((f) => failureKind(f.kind)),
            datasets: [{ label: t('count'), data: o.failures.map((f) => f.count) }],
          }}
          head={[t('failureKind'), t('count')]}
          rows={o.failures.map((f) => [failureKind(f.kind), f.count])}
        />

        <ChartSection
          id="refusals-title"
          title={t('refusals')}
          tableTitle={t('chartTable', { title: t('refusals') })}
          testId="refusals-table"
          spec={{
            type: 'bar',
            horizontal: true,
            labels: o.refusals.map((r) => t(`limits.${r.limit}`)),
            datasets: [{ label: t('count'), data: o.refusals.map((r) => r.count) }],
          }}
          head={[t('limit'), t('count')]}
          rows={o.refusals.map((r) => [t(`limits.${r.limit}`), r.count])}
        />
      </div>

      <ChartSection
        id="companies-title"
        title={t('companyTable')}
        tableTitle={t('companyTable')}
        testId="company-table"
        spec={null}
        head={[t('taxId'), t('company'), t('passes'), t('verifiedShare'), t('sendsToday')]}
        rows={o.companies.map((c) => [
          c.taxId,
          c.name,
          c.passes,
          percent(c.verified, c.passes),
          `${c.sendsToday} / ${o.dailyBudget}`,
        ])}
      />
    </>
  );
}
