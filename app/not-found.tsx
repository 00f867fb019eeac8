import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-bold">{t('notFoundTitle')}</h1>
      <p className="mt-3 text-slate-700">{t('notFoundText')}</p>
      {/* A plain link: this page is part of every page's tree, and next/link would add its client
          code to each first load (components/site-header.tsx). */}
      <a
        href="/"
        className="mt-6 inline-flex min-h-11 items-center rounded-md bg-harbor-700 px-5 font-semibold text-white"
      >
        {t('home')}
      </a>
    </main>
  );
}
