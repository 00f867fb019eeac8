const TAIPEI = 'Asia/Taipei';

/** The calendar date in Taiwan (YYYY-MM-DD): passes expire by the local date, not UTC. */
export function taipeiDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TAIPEI }).format(at);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 2024-08-19 → 2024/08/19, the manual's display form. */
export function formatDay(day: string): string {
  return day.replaceAll('-', '/');
}

/** A moment shown in Taiwan time: 2024/08/19 14:05. */
export function formatTaipeiDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('zh-TW', {
    timeZone: TAIPEI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}/${get('month')}/${get('day')} ${get('hour')}:${get('minute')}`;
}
