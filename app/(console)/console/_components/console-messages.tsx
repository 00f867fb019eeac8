import { ClientTextProvider } from '@/components/client-text';
import { clientText } from '@/lib/i18n/client-text';

/**
 * The console's texts for its client components, given only on console pages: the public pages'
 * payload stays as it is.
 */
export async function ConsoleMessages({ children }: { children: React.ReactNode }) {
  return (
    <ClientTextProvider text={await clientText(['console', 'refusal', 'common'])}>
      {children}
    </ClientTextProvider>
  );
}
