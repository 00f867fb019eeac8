import { getTranslations } from 'next-intl/server';

export default async function HomePage() {
  const t = await getTranslations();
  return (
    <div className="space-y-8">
      <section className="rounded-2xl bg-gradient-to-br from-harbor-700 to-harbor-900 px-6 py-10 text-white shadow-sm">
        <h1 className="text-2xl font-bold sm:text-3xl">{t('common.siteName')}</h1>
        <p className="mt-3 max-w-2xl leading-relaxed text-harbor-100">{t('home.lead')}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <a
            href="/login"
            className="inline-flex min-h-11 items-center rounded-md bg-white px-5 font-semibold text-harbor-800 hover:bg-harbor-50"
          >
            {t('home.toLogin')}
          </a>
          <a
            href="/verify"
            className="inline-flex min-h-11 items-center rounded-md border border-white/60 px-5 font-semibold text-white hover:bg-white/10"
          >
            {t('home.toVerify')}
          </a>
        </div>
      </section>

      <section aria-labelledby="howto" className="grid gap-4 sm:grid-cols-2">
        <h2 id="howto" className="sr-only">
          {t('home.howto')}
        </h2>
        <article className="rounded-xl border border-slate-200 bg-white p-5">
          <h3 className="font-bold text-harbor-800">{t('home.holderTitle')}</h3>
          <ol className="mt-3 list-decimal space-y-1 pl-5 text-slate-700">
            <li>{t('home.holderStep1')}</li>
            <li>{t('home.holderStep2')}</li>
            <li>{t('home.holderStep3')}</li>
          </ol>
          <p className="mt-3 text-sm text-slate-600">{t('home.holderNote')}</p>
        </article>
        <article className="rounded-xl border border-slate-200 bg-white p-5">
          <h3 className="font-bold text-harbor-800">{t('home.applicantTitle')}</h3>
          <p className="mt-3 text-slate-700">{t('home.applicantText')}</p>
        </article>
      </section>
    </div>
  );
}
