import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

/**
 * The console's texts for its client components, given only on console pages: the root layout
 * keeps the public pages' payload as it was.
 */
export async function ConsoleMessages({ children }: { children: React.ReactNode }) {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider
      messages={{ console: messages.console, refusal: messages.refusal, common: messages.common }}
    >
      {children}
    </NextIntlClientProvider>
  );
}
