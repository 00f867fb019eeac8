/** Every date the service shows or compares is Taiwan's. */
export const TAIPEI = 'Asia/Taipei';

/** Taiwan keeps UTC+8 all year (no daylight saving since 1979). */
export const TAIPEI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Taiwan (YYYY-MM-DD): passes expire by the local date, not UTC. */
export function taipeiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A real calendar day as YYYY-MM-DD, from 1900 on (PostgreSQL refuses year 0, which JavaScript's
 * Date accepts): pass periods in an import, 期限迄日 boundaries in a list's URL.
 */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < '1900-01-01') return false;
  // Month 13 or day 32 is an invalid Date, whose toISOString throws: no day either.
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
}
