import { getLocale } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { PublicShell } from '@/components/site-header';
import { clientText } from '@/lib/i18n/client-text';

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  // The header's and footer's words (the language switcher's among them).
  const text = await clientText(['common']);
  return (
    <ClientTextProvider text={text}>
      <PublicShell locale={await getLocale()}>{children}</PublicShell>
    </ClientTextProvider>
  );
}
