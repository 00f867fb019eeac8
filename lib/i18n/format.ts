import { TAIPEI } from '../dates';
import type { Locale } from './locales';

// Building an Intl.DateTimeFormat costs a fraction of a millisecond: one per locale and form.
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar day (YYYY-MM-DD) in the locale's usual form: 2024/08/19 in zh-TW, 19/08/2024 in vi. */
export function formatDayIn(locale: Locale, day: string): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  if (Number.isNaN(d.getTime())) return day;
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: TAIPEI,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(locale, format);
  }
  return format.format(d);
}

/** A moment in Taiwan time, in the locale's usual form. */
export function formatDateTimeIn(locale: Locale, at: Date): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: TAIPEI,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(at).replace(/\s/g, ' '); // ICU may use narrow no-break spaces
}
