import { getLocale, getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from './language-switcher';
import { SignOutButton } from './sign-out-button';

/** The top bar of the signed-in areas (dashboard, console): who is signed in, language, 登出. */
export async function SignedInHeader({
  title,
  displayName,
  login,
  signOutLabel,
}: {
  title: string;
  displayName: string;
  login: string;
  signOutLabel: string;
}) {
  const t = await getTranslations('common');
  return (
    <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
      <p>
        <span className="font-semibold">{title}</span>
        <span className="ml-2 text-sm text-slate-600">
          {displayName}({login})
        </span>
      </p>
      <div className="flex items-center gap-2">
        <LanguageSwitcher
          locale={await getLocale()}
          label={t('language')}
          submitLabel={t('switchLanguage')}
        />
        <SignOutButton label={signOutLabel} />
      </div>
    </header>
  );
}
