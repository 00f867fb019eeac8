import * as z from 'zod/mini';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { PageNav } from '@/components/page-nav';
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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[32rem] text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t('identityNumber')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('name')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('mobile')}
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} className="border-t border-slate-200">
                <td className="px-3 py-2">{p.identityNumber}</td>
                <td className="px-3 py-2">{p.name}</td>
                <td className="px-3 py-2">{formatMobile(p.mobile)}</td>
                <td className="px-3 py-2">
                  <Link
                    className="text-harbor-700 underline"
                    href={`/dashboard/persons/${p.id}`}
                    aria-label={t('editLabel', { identityNumber: p.identityNumber })}
                  >
                    {t('edit')}
                  </Link>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-6 text-center text-slate-600">
                  {t('noData')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <PageNav
        links={links}
        page={page}
        pages={pages}
        href={(position) => hrefWith(search, position)}
      />
    </div>
  );
}
