import * as z from 'zod/mini';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { PageNav } from '@/components/page-nav';
import { ListCell, ListRow, ListTable } from '@/components/ui/list-table';
import { getDb } from '@/db';
import { getApplicant } from '@/lib/auth/auth';
import { titled } from '@/lib/i18n/metadata';
import { firstOfEach, listHref, type PagePosition } from '@/lib/web/keyset';
import { listPersons, personListQuerySchema } from '@/lib/domain/persons';
import { formatMobile } from '@/lib/values/phone';

export const generateMetadata = titled('dashboard.personsTitle');

type Search = Record<string, string | string[] | undefined>;

/** The list's URL: the search kept, the page position given anew. */
const hrefWith = (search: string, position: PagePosition<string>) =>
  listHref('/dashboard/persons', { q: search, ...position });

export default async function PersonsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const applicant = await getApplicant();
  if (!applicant) redirect('/login');
  const raw = await searchParams;
  const query = z.parse(personListQuerySchema, firstOfEach(raw));
  const { q: search, saved, deleted } = query;
  const t = await getTranslations('dashboard');
  const numbers = new Intl.NumberFormat(await getLocale());
  const { rows, total, countCap, page, pages, links } = await listPersons(
    await getDb(),
    applicant.companyId,
    query,
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t('personsTitle')}</h1>
        <Link
          href="/dashboard/persons/new"
          className="inline-flex min-h-11 items-center rounded-md bg-harbor-700 px-4 font-semibold text-white"
        >
          {t('addPerson')}
        </Link>
      </div>
      {(saved || deleted) && (
        <p
          role="status"
          className="rounded-md border border-emerald-700 bg-emerald-50 p-3 text-emerald-900"
        >
          {saved ? t('saved') : t('deleted')}
        </p>
      )}
      <form role="search" className="flex flex-wrap items-end gap-2">
        <label className="block text-sm font-semibold">
          {t('personSearch')}
          <input
            name="q"
            defaultValue={search}
            className="mt-1 block min-h-11 w-72 max-w-full rounded-md border border-slate-400 px-3 font-normal"
          />
        </label>
        <button className="min-h-11 rounded-md border border-harbor-700 px-4 font-semibold text-harbor-800">
          {t('search')}
        </button>
      </form>
      <p className="text-sm text-slate-700" data-testid="persons-total">
        {total === null
          ? t('totalOver', { total: numbers.format(countCap) })
          : t('total', { total })}
      </p>
      <ListTable
        cards
        minWidth="sm:min-w-[32rem]"
        empty={rows.length === 0 ? t('noData') : null}
        columns={[
          t('identityNumber'),
          t('name'),
          t('mobile'),
          <span key="actions" className="sr-only">
            {t('actions')}
          </span>,
        ]}
      >
        {rows.map((p) => (
          <ListRow cards key={p.id}>
            <ListCell label={t('identityNumber')}>{p.identityNumber}</ListCell>
            <ListCell label={t('name')}>{p.name}</ListCell>
            <ListCell label={t('mobile')}>{formatMobile(p.mobile)}</ListCell>
            <ListCell>
              <Link
                className="inline-flex min-h-11 items-center text-harbor-700 underline sm:min-h-0"
                href={`/dashboard/persons/${p.id}`}
                aria-label={t('editLabel', { identityNumber: p.identityNumber })}
              >
                {t('edit')}
              </Link>
            </ListCell>
          </ListRow>
        ))}
      </ListTable>
      <PageNav
        links={links}
        page={page}
        pages={pages}
        href={(position) => hrefWith(search, position)}
      />
    </div>
  );
}
