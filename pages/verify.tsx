import type { GetServerSideProps } from 'next';
import { useText } from '@/components/client-text';
import { VerifyForm } from '@/components/public/verify-form';
import { publicPageProps, takeFlash, type PublicPageProps } from '@/lib/public/page-props';
import { initialVerifyState, type VerifyFormState } from '@/lib/public/state';

interface Props extends PublicPageProps {
  /** The answer to the form's last post, when it came without JavaScript. */
  answer: VerifyFormState | null;
}

export const getServerSideProps: GetServerSideProps<Props> = async (ctx) => ({
  props: {
    ...publicPageProps(ctx, ['verify', 'validation', 'refusal'], 'verify.title'),
    answer: takeFlash<VerifyFormState>(ctx),
  },
});

/** 手機驗證 as a page: where the login page's dialog goes without JavaScript, and a link to share. */
export default function VerifyPage({ answer }: Props) {
  const t = useText('verify');
  return (
    <div className="mx-auto max-w-lg">
      <nav className="mb-4 text-sm">
        <a href="/login" className="text-harbor-700 underline">
          {t('back')}
        </a>
      </nav>
      <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="mb-2 text-xl font-bold">{t('title')}</h1>
        <p className="mb-6 text-sm text-slate-600">{t('rule')}</p>
        <VerifyForm initial={answer ?? initialVerifyState} />
      </div>
    </div>
  );
}
