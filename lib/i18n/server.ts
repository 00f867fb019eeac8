import { getLocale, getTranslations } from 'next-intl/server';
import { refusalMessage } from '../verification/messages';
import type { FieldErrors } from '../schemas/field-errors';
import { formatDateTimeIn, formatDayIn } from './format';
import { isLocale, DEFAULT_LOCALE, type Locale } from './locales';

type Values = Record<string, string | number>;

/** Translation for server actions: the request's locale, its formatters and sentences. */
export async function getServerI18n() {
  const raw = await getLocale();
  const locale: Locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  const translate = await getTranslations();
  const t = (key: string, values?: Values): string =>
    translate.has(key) ? translate(key, values) : key;
  const fmt = {
    day: (day: string) => formatDayIn(locale, day),
    dateTime: (at: Date) => formatDateTimeIn(locale, at),
  };
  return {
    locale,
    t,
    fmt,
    fieldErrors,
    /** The public form's answer to an engine's refusal: the reason and its sentence. */
    publicRefusal: (result: Parameters<typeof refusalMessage>[0]) => ({
      error: { reason: result.reason, message: refusal(result, 'public') },
    }),
    /** A pass page action's answer to an engine's refusal: its sentence. */
    refused: (result: Parameters<typeof refusalMessage>[0]) => ({
      ok: false as const,
      message: refusal(result, 'applicant'),
    }),
  };

  function refusal(
    result: Parameters<typeof refusalMessage>[0],
    channel: 'public' | 'applicant',
  ): string {
    const m = refusalMessage(result, channel, fmt);
    return t(m.key, m.values);
  }

  function fieldErrors(errors: FieldErrors | undefined): FieldErrors | undefined {
    return errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v && t(v)]));
  }
}
