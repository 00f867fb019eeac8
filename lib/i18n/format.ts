import { TAIPEI } from '../values/dates';
import type { Locale } from './locales';

// Building an Intl.DateTimeFormat costs a fraction of a millisecond: one per locale and form.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(locale: Locale, form: 'day' | 'dateTime', options: Intl.DateTimeFormatOptions) {
  const key = `${locale}:${form}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: TAIPEI, ...options });
    formats.set(key, format);
  }
  return format;
}

/** A calendar day (YYYY-MM-DD) in the locale's usual form: 2024/08/19 in zh-TW, 19/08/2024 in vi. */
export function formatDayIn(locale: Locale, day: string): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  if (Number.isNaN(d.getTime())) return day;
  return formatOf(locale, 'day', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A moment in Taiwan time, in the locale's usual form. */
export function formatDateTimeIn(locale: Locale, at: Date): string {
  const format = formatOf(locale, 'dateTime', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return format.format(at).replace(/\s/g, ' '); // ICU may use narrow no-break spaces
}
