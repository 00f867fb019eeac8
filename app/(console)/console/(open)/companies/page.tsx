import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { searchCompaniesWithAccounts } from '@/db/queries/console';
import { getOperator } from '@/lib/auth/auth';
import { normaliseText } from '@/lib/text';
import { ActionForm } from '../_components/action-form';
import {
  addAccountAction,
  addCompanyAction,
  disableAccountAction,
  resetPasswordAction,
  transferPersonAction,
} from './actions';

export const dynamic = 'force-dynamic';

/** 業者與帳號: companies, their applicant accounts, and the person-record transfer. */
export default async function CompaniesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await getOperator())) notFound();
  const t = await getTranslations('console');
  const search = normaliseText((await searchParams).q).slice(0, 64);
  const rows = await searchCompaniesWithAccounts(await getDb(), { search });
  const companies = new Map<string, { name: string; accounts: typeof rows }>();
  for (const r of rows) {
    const c = companies.get(r.taxId) ?? { name: r.name, accounts: [] };
    if (r.login) c.accounts.push(r);
    companies.set(r.taxId, c);
  }
  const card = 'rounded-lg border border-slate-200 bg-white p-4';
  return (
    <>
      <h1 className="text-2xl font-bold">{t('companiesTitle')}</h1>
      <form className="flex flex-wrap items-end gap-2" role="search">
        <label className="block">
          <span className="block font-semibold">{t('search')}</span>
          <input
            name="q"
            defaultValue={search}
            className="mt-1 block min-h-11 w-72 rounded-md border border-slate-400 bg-white px-3"
          />
        </label>
        <button className="min-h-11 rounded-md bg-harbor-700 px-5 font-semibold text-white">
          {t('searchSubmit')}
        </button>
      </form>

      <section aria-labelledby="list-title" className="space-y-4">
        <h2 id="list-title" className="sr-only">
          {t('companies')}
        </h2>
        {[...companies].map(([taxId, c]) => (
          <article key={taxId} className={card} data-testid={`company-${taxId}`}>
            <h3 className="font-bold">
              {taxId} {c.name}
            </h3>
            {c.accounts.length > 0 && (
              <table className="mt-2 min-w-full text-sm">
                <caption className="sr-only">{t('accounts')}</caption>
                <thead>
                  <tr className="border-b border-slate-300 text-left">
                    <th scope="col" className="px-2 py-1">
                      {t('login')}
                    </th>
                    <th scope="col" className="px-2 py-1">
                      {t('displayName')}
                    </th>
                    <th scope="col" className="px-2 py-1">
                      {t('accountState')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.accounts.map((a) => (
                    <tr key={a.login} className="border-b border-slate-100">
                      <td className="px-2 py-1 font-mono">{a.login}</td>
                      <td className="px-2 py-1">{a.displayName}</td>
                      <td className="px-2 py-1">{a.disabledAt ? t('disabled') : t('active')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        ))}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="add-company" className={card}>
          <h2 id="add-company" className="mb-2 text-lg font-bold">
            {t('addCompany')}
          </h2>
          <ActionForm
            testId="add-company"
            action={addCompanyAction}
            submit={t('addCompany')}
            fields={[
              { name: 'taxId', label: t('taxId'), required: true },
              { name: 'name', label: t('companyName'), required: true },
            ]}
          />
        </section>
        <section aria-labelledby="add-account" className={card}>
          <h2 id="add-account" className="mb-2 text-lg font-bold">
            {t('addAccount')}
          </h2>
          <ActionForm
            testId="add-account"
            action={addAccountAction}
            submit={t('addAccount')}
            fields={[
              { name: 'companyTaxId', label: t('taxId'), required: true },
              { name: 'login', label: t('login'), required: true },
              { name: 'displayName', label: t('displayName') },
              {
                name: 'password',
                label: t('password'),
                type: 'password',
                required: true,
                autoComplete: 'new-password',
              },
            ]}
          />
        </section>
        <section aria-labelledby="reset-password" className={card}>
          <h2 id="reset-password" className="mb-2 text-lg font-bold">
            {t('resetPassword')}
          </h2>
          <ActionForm
            testId="reset-password"
            action={resetPasswordAction}
            submit={t('resetPassword')}
            fields={[
              { name: 'login', label: t('login'), required: true },
              {
                name: 'password',
                label: t('newPassword'),
                type: 'password',
                required: true,
                autoComplete: 'new-password',
              },
            ]}
          />
        </section>
        <section aria-labelledby="disable-account" className={card}>
          <h2 id="disable-account" className="mb-2 text-lg font-bold">
            {t('disable')}
          </h2>
          <ActionForm
            testId="disable-account"
            action={disableAccountAction}
            submit={t('disable')}
            fields={[{ name: 'login', label: t('login'), required: true }]}
          />
        </section>
        <section aria-labelledby="transfer" className={card}>
          <h2 id="transfer" className="mb-2 text-lg font-bold">
            {t('transfer')}
          </h2>
          <p className="mb-2 text-sm text-slate-700">{t('transferText')}</p>
          <ActionForm
            testId="transfer"
            action={transferPersonAction}
            submit={t('transfer')}
            fields={[
              { name: 'identityNumber', label: t('identityNumber'), required: true },
              { name: 'toTaxId', label: t('toTaxId'), required: true },
              { name: 'reason', label: t('reason'), required: true },
            ]}
          />
        </section>
      </div>
    </>
  );
}
