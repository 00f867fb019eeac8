import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { searchCompaniesWithAccounts } from '@/db/queries/console';
import { getOperator } from '@/lib/auth/auth';
import { normaliseText } from '@/lib/values/text';
import { ActionForm, type FormField } from '../_components/action-form';
import { FigureTable } from '../_components/figure-table';
import { SearchForm } from '../_components/search-form';
import {
  addAccountAction,
  addCompanyAction,
  disableAccountAction,
  requireSecondFactorAction,
  resetPasswordAction,
  resetSecondFactorAction,
  stopRequiringSecondFactorAction,
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
  const companies = new Map<
    string,
    { name: string; secondFactorRequired: boolean; accounts: typeof rows }
  >();
  for (const r of rows) {
    const c = companies.get(r.taxId) ?? {
      name: r.name,
      secondFactorRequired: r.secondFactorRequired,
      accounts: [],
    };
    if (r.login) c.accounts.push(r);
    companies.set(r.taxId, c);
  }
  const card = 'rounded-lg border border-slate-200 bg-white p-4';
  const password = (label: string): FormField => ({
    name: 'password',
    label,
    type: 'password',
    required: true,
    autoComplete: 'new-password',
  });
  const login: FormField = { name: 'login', label: t('login'), required: true };
  const forms = [
    {
      testId: 'add-company',
      title: t('addCompany'),
      action: addCompanyAction,
      schema: 'company' as const,
      fields: [
        { name: 'taxId', label: t('taxId'), required: true },
        { name: 'name', label: t('companyName'), required: true },
      ],
    },
    {
      testId: 'add-account',
      title: t('addAccount'),
      action: addAccountAction,
      schema: 'account' as const,
      fields: [
        { name: 'companyTaxId', label: t('taxId'), required: true },
        login,
        { name: 'displayName', label: t('displayName') },
        password(t('password')),
      ],
    },
    {
      testId: 'reset-password',
      title: t('resetPassword'),
      action: resetPasswordAction,
      schema: 'resetPassword' as const,
      fields: [login, password(t('newPassword'))],
    },
    {
      testId: 'disable-account',
      title: t('disable'),
      action: disableAccountAction,
      schema: 'accountLogin' as const,
      confirm: { text: t('disableConfirmText'), submit: t('disableConfirm') },
      fields: [login],
    },
    {
      testId: 'reset-second-factor',
      title: t('resetSecondFactor'),
      text: t('resetSecondFactorText'),
      action: resetSecondFactorAction,
      schema: 'accountLogin' as const,
      confirm: { text: t('resetSecondFactorConfirmText'), submit: t('resetSecondFactorConfirm') },
      fields: [login],
    },
    {
      testId: 'require-second-factor',
      title: t('requireSecondFactor'),
      text: t('requireSecondFactorText'),
      action: requireSecondFactorAction,
      schema: 'companyTaxId' as const,
      fields: [{ name: 'taxId', label: t('taxId'), required: true }],
    },
    {
      testId: 'stop-requiring-second-factor',
      title: t('stopRequiringSecondFactor'),
      text: t('stopRequiringSecondFactorText'),
      action: stopRequiringSecondFactorAction,
      schema: 'companyTaxId' as const,
      fields: [{ name: 'taxId', label: t('taxId'), required: true }],
    },
    {
      testId: 'transfer',
      title: t('transfer'),
      text: t('transferText'),
      action: transferPersonAction,
      schema: 'transfer' as const,
      fields: [
        { name: 'identityNumber', label: t('identityNumber'), required: true },
        { name: 'toTaxId', label: t('toTaxId'), required: true },
        { name: 'reason', label: t('reason'), required: true },
      ],
    },
  ];
  return (
    <>
      <h1 className="text-2xl font-bold">{t('companiesTitle')}</h1>
      <SearchForm label={t('search')} submit={t('searchSubmit')} value={search} />

      <section aria-labelledby="list-title" className="space-y-4">
        <h2 id="list-title" className="sr-only">
          {t('companies')}
        </h2>
        {[...companies].map(([taxId, c]) => (
          <article key={taxId} className={card} data-testid={`company-${taxId}`}>
            <h3 className="font-bold">
              {taxId} {c.name}
            </h3>
            {c.secondFactorRequired && (
              <p className="text-sm text-slate-700">{t('secondFactorRequired')}</p>
            )}
            {c.accounts.length > 0 && (
              <FigureTable
                caption={t('accounts')}
                head={[t('login'), t('displayName'), t('accountState'), t('secondFactor.title')]}
                rows={c.accounts.map((a) => [
                  a.login!,
                  a.displayName!,
                  a.disabledAt ? t('disabled') : t('active'),
                  a.totpEnrolledAt ? t('secondFactorOn') : t('secondFactorOff'),
                ])}
              />
            )}
          </article>
        ))}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        {forms.map((form) => (
          <section key={form.testId} aria-labelledby={`${form.testId}-title`} className={card}>
            <h2 id={`${form.testId}-title`} className="mb-2 text-lg font-bold">
              {form.title}
            </h2>
            {form.text && <p className="mb-2 text-sm text-slate-700">{form.text}</p>}
            <ActionForm
              testId={form.testId}
              action={form.action}
              schema={form.schema}
              confirm={form.confirm}
              submit={form.title}
              fields={form.fields}
            />
          </section>
        ))}
      </div>
    </>
  );
}
