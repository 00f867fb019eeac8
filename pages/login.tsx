import type { GetServerSideProps } from 'next';
import { useText } from '@/components/client-text';
import { PhoneVerifyDialog } from '@/components/public/phone-verify-dialog';
import { SignInForm } from '@/components/public/sign-in-form';
import { publicPageProps, takeFlash, type PublicPageProps } from '@/lib/public/page-props';
import { initialSignInState, type SignInState } from '@/lib/public/state';

interface Props extends PublicPageProps {
  /** The answer to the last 登入, when it came without JavaScript. */
  answer: SignInState | null;
}

export const getServerSideProps: GetServerSideProps<Props> = async (ctx) => ({
  props: {
    ...publicPageProps(ctx, ['login', 'verify', 'validation', 'refusal'], 'login.submit'),
    answer: takeFlash<SignInState>(ctx),
  },
});

/** 登入 for applicants and operators, and [手機驗證] for pass holders (manual 步驟一、二). */
export default function LoginPage({ answer }: Props) {
  const t = useText('login');
  return (
    <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-[1fr_18rem]">
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-xl font-bold">{t('title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('subtitle')}</p>
        <SignInForm initial={answer ?? initialSignInState} />
      </section>
      <aside className="space-y-4 rounded-2xl border border-harbor-100 bg-harbor-50 p-5">
        <h2 className="font-bold text-harbor-900">{t('holderTitle')}</h2>
        <p className="text-sm leading-relaxed text-slate-700">{t('holderText')}</p>
        <PhoneVerifyDialog />
        <p className="text-sm text-slate-600">{t('applyNote')}</p>
      </aside>
    </div>
  );
}
