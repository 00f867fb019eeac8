import { getTranslations } from 'next-intl/server';
import { titled } from '@/lib/i18n/metadata';
import { normaliseIdentity } from '@/lib/values/identity';
import { normaliseText } from '@/lib/values/text';
import { PersonForm } from '../_components/person-form';

export const generateMetadata = titled('dashboard.addPerson');

/**
 * Rule 6: the pass detail links here with the holder's identity number and name pre-filled, and
 * its pass number, to go back to once saved.
 */
export default async function NewPersonPage({
  searchParams,
}: {
  searchParams: Promise<{ identityNumber?: string; name?: string; pass?: string }>;
}) {
  const { identityNumber, name, pass } = await searchParams;
  const t = await getTranslations('dashboard');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t('addPerson')}</h1>
      <PersonForm
        prefill={{
          identityNumber: normaliseIdentity(identityNumber).slice(0, 10),
          name: normaliseText(name).slice(0, 50),
        }}
        returnPass={normaliseText(pass).slice(0, 32)}
      />
    </div>
  );
}
