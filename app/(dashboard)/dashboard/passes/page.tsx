import * as z from 'zod/mini';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { PageNav } from '@/components/page-nav';
import { ExpiredBadge, StatusBadge } from '@/components/status-badge';
import { ListCell, ListRow, ListTable } from '@/components/ui/list-table';
import { getDb } from '@/db';
import { taipeiDate } from '@/lib/values/dates';
import { getApplicant } from '@/lib/auth/auth';
import { formatDayIn } from '@/lib/i18n/format';
import { titled } from '@/lib/i18n/metadata';
import type { Locale } from '@/lib/i18n/locales';
import { firstOfEach, listHref } from '@/lib/web/keyset';
import { listPasses, passListQuerySchema, type PassListQuery } from '@/lib/domain/passes';
import { formatMobile } from '@/lib/values/phone';

export const generateMetadata = titled('dashboard.passes');

type Search = Record<string, string | string[] | undefined>;

/** The list's URL: the filters, tab and order kept, the page position given anew by `position`. */
type Position = { after?: string; before?: string; last?: '1'; page?: number };
type Change = Partial<
  Pick<PassListQuery, 'tab' | 'passNumber' | 'identityNumber' | 'name' | 'status' | 'sort' | 'dir'>
>;

function hrefWith(query: PassListQuery, change: Change, position: Position = {}): string {
  const { tab, passNumber, identityNumber, name, status, sort, dir } = { ...query, ...change };
  return listHref('/dashboard/passes', {
    tab,
    passNumber,
    identityNumber,
    name,
    status,
    sort,
    dir,
    ...position,
  });
}

export default async function PassesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const raw = await searchParams;
  const query = z.parse(passListQuerySchema, firstOfEach(raw));
  const { rows, total, page, pages, counts, countCap, links } = await listPasses(
    await getDb(),
    applicant.companyId,
    query,
  );
  const t = await getTranslations('dashboard');
  const locale = (await getLocale()) as Locale;
  const today = taipeiDate();
  const numbers = new Intl.NumberFormat(locale);
  /** A count as shown: above the cap it reads "10,000+". */
  const shown = (n: number) => (n > countCap ? `${numbers.format(countCap)}+` : numbers.format(n));
  const tabs = [
    { key: 'owned', label: t('owned') },
    { key: 'maintained', label: t('maintained') },
  ] as const;
  const sortLink = (key: PassListQuery['sort'], label: string) => (
    <Link
      href={hrefWith(query, {
        sort: key,
        dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc',
      })}
      className="underline-offset-2 hover:underline"
    >
      {label}
      {query.sort === key ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
    </Link>
  );

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t('passes')}</h1>
      <nav aria-label={t('passLists')} className="flex gap-1 border-b border-slate-300">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={hrefWith(
              { ...query, passNumber: '', identityNumber: '', name: '', status: undefined },
              { tab: t.key },
            )}
            aria-current={query.tab === t.key ? 'page' : undefined}
            className={`min-h-11 rounded-t-md px-4 py-2.5 font-semibold ${query.tab === t.key ? 'border border-b-white border-slate-300 bg-white text-harbor-800' : 'text-slate-600 hover:text-harbor-800'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {query.tab === 'owned' && (
        <p className="text-sm text-slate-700">
          {t('ownedHintBefore')}
          <Link className="text-harbor-700 underline" href={hrefWith(query, { tab: 'maintained' })}>
            {t('maintained')}
          </Link>
          {t('ownedHintAfter')}
        </p>
      )}
      {/* Keyed by the query: after a count link, the fields show the filter that is on. */}
      <form
        key={[query.tab, query.passNumber, query.identityNumber, query.name, query.status].join(
          '|',
        )}
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5 sm:items-end"
        role="search"
      >
        <input type="hidden" name="tab" value={query.tab} />
        {[
          ['passNumber', t('passNumber'), query.passNumber],
          ['identityNumber', t('identityNumber'), query.identityNumber],
          ['name', t('name'), query.name],
        ].map(([name, label, value]) => (
          <label key={name} className="block text-sm font-semibold">
            {label}
            <input
              name={name}
              defaultValue={value}
              className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 px-3 font-normal"
            />
          </label>
        ))}
        <label className="block text-sm font-semibold">
          {t('status')}
          <select
            name="status"
            defaultValue={query.status ?? ''}
            className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2 font-normal"
          >
            <option value="">{t('all')}</option>
            <option value="verified">{t('statusVerified')}</option>
            <option value="unverified">{t('statusUnverified')}</option>
            <option value="pending">{t('statusPending')}</option>
          </select>
        </label>
        <button className="min-h-11 rounded-md bg-harbor-700 px-4 font-semibold text-white hover:bg-harbor-800">
          {t('search')}
        </button>
      </form>

      <nav aria-label={t('statusCounts')} className="flex flex-wrap items-center gap-2 text-sm">
        {(
          [
            ['verified', t('statusVerified')],
            ['unverified', t('statusUnverified')],
            ['pending', t('statusPending')],
          ] as const
        ).map(([status, label]) => (
          <Link
            key={status}
            href={hrefWith(query, { status: query.status === status ? undefined : status })}
            aria-current={query.status === status ? 'true' : undefined}
            data-testid={`count-${status}`}
            className={`inline-flex min-h-11 items-center rounded-full border px-4 font-semibold ${query.status === status ? 'border-harbor-700 bg-harbor-700 text-white' : 'border-slate-300 bg-white text-slate-800 hover:border-harbor-700'}`}
          >
            {t('statusCount', { status: label, count: shown(counts[status]) })}
          </Link>
        ))}
        <a
          href={`/dashboard/export/passes?${hrefWith(query, {}).split('?')[1] ?? ''}`}
          className="ml-auto inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 font-semibold text-slate-800 hover:border-harbor-700"
        >
          {t('exportCsv')}
        </a>
      </nav>
      <details className="text-sm text-slate-700">
        <summary className="cursor-pointer font-semibold">{t('statusHelpTitle')}</summary>
        <ol className="mt-1 space-y-0.5 pl-4" data-testid="status-help">
          <li>{t('statusHelp1')}</li>
          <li>{t('statusHelp2')}</li>
          <li>{t('statusHelp3')}</li>
        </ol>
      </details>
      <p className="text-sm text-slate-600" aria-live="polite">
        {total === null
          ? t('totalOver', { total: numbers.format(countCap) })
          : t('total', { total })}
      </p>
      {/* Below 640 px each row is a card of labelled lines: nothing scrolls sideways. */}
      <ListTable
        cards
        minWidth="sm:min-w-[56rem]"
        empty={rows.length === 0 ? t('noData') : null}
        columns={[
          sortLink('passNumber', t('passNumber')),
          t('identityNumber'),
          sortLink('name', t('name')),
          t('validFrom'),
          sortLink('validUntil', t('validUntil')),
          t('defaultMobile'),
          t('verifiedMobile'),
          t('status'),
        ]}
      >
        {rows.map((r) => (
          <ListRow cards key={r.passNumber}>
            <ListCell label={t('passNumber')} nowrap>
              <Link
                className="font-semibold text-harbor-700 underline"
                href={`/dashboard/passes/${encodeURIComponent(r.passNumber)}`}
              >
                {r.passNumber}
              </Link>
            </ListCell>
            <ListCell label={t('identityNumber')}>{r.identityNumber}</ListCell>
            <ListCell label={t('name')}>{r.name}</ListCell>
            <ListCell label={t('validFrom')}>{formatDayIn(locale, r.validFrom)}</ListCell>
            <ListCell label={t('validUntil')}>{formatDayIn(locale, r.validUntil)}</ListCell>
            <ListCell label={t('defaultMobile')}>{formatMobile(r.personMobile)}</ListCell>
            <ListCell label={t('verifiedMobile')}>{formatMobile(r.verifiedMobile)}</ListCell>
            <ListCell label={t('status')} nowrap>
              <StatusBadge status={r.status} />
              {r.validUntil < today && <ExpiredBadge />}
            </ListCell>
          </ListRow>
        ))}
      </ListTable>
      <PageNav
        links={links}
        page={page}
        pages={pages}
        href={(position) => hrefWith(query, {}, position)}
      />
    </div>
  );
}
