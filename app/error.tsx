'use client';

import { useText } from '@/components/client-text';

/** Any failure while rendering (a database outage, say): one friendly sentence, no details. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useText('errors');
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <p className="mt-3 text-slate-700">{t('text')}</p>
      <button
        onClick={reset}
        className="mt-6 min-h-11 rounded-md bg-harbor-700 px-5 font-semibold text-white"
      >
        {t('retry')}
      </button>
    </main>
  );
}
