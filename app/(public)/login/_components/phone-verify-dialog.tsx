'use client';

import { useText } from '@/components/client-text';
import { lazy, Suspense, useRef, useState } from 'react';

// The form, its checks and its schemas load when the dialog first opens, not with the page.
const VerifyForm = lazy(() =>
  import('../../_components/verify-form').then((m) => ({ default: m.VerifyForm })),
);

/**
 * [手機驗證] (manual 步驟二): opens the verification dialog. The native <dialog> traps focus and
 * closes on Esc; without JavaScript the surrounding form simply goes to /verify.
 */
export function PhoneVerifyDialog() {
  const t = useText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <form action="/verify" method="get">
        <button
          type="submit"
          onClick={(event) => {
            event.preventDefault();
            setOpened(true);
            dialog.current?.showModal();
          }}
          className="inline-flex min-h-11 w-full items-center justify-center rounded-md border-2 border-harbor-700 bg-white px-5 font-semibold text-harbor-800 hover:bg-harbor-50"
        >
          {t('login.phoneVerify')}
        </button>
      </form>
      <dialog
        ref={dialog}
        aria-labelledby="phone-verify-title"
        className="m-auto max-h-[92dvh] w-[min(100vw-1rem,32rem)] overflow-y-auto rounded-2xl bg-white p-0 shadow-xl"
      >
        <div className="sticky top-0 z-10 flex items-center justify-between border-b border-slate-200 bg-white px-5 py-3">
          <h2 id="phone-verify-title" className="text-lg font-bold">
            {t('verify.title')}
          </h2>
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="grid size-11 place-items-center rounded-md text-2xl text-slate-700 hover:bg-slate-100"
            aria-label={t('common.close')}
          >
            ×
          </button>
        </div>
        <div className="p-5">
          {opened && (
            <Suspense fallback={<p aria-busy="true">{t('verify.loading')}</p>}>
              <VerifyForm idPrefix="dialog" autoFocus />
            </Suspense>
          )}
        </div>
      </dialog>
    </>
  );
}
