// Time buckets for cards and ISO weeks for trends (signals/calendar.h). All in UTC: a day
// bucket is a UTC day, a week bucket starts on Monday 00:00 UTC. Times are milliseconds
// since the Unix epoch as bigint (the wire's uint64), passed in by the caller.

export type TimeBucket = 'hour' | 'day' | 'week';
export const TIME_BUCKETS: readonly TimeBucket[] = ['hour', 'day', 'week'];

export const HOUR_MS = 3_600_000n;
export const DAY_MS = 24n * HOUR_MS;
export const WEEK_MS = 7n * DAY_MS;

// Days since the epoch of the Monday that starts the ISO week holding `day`
// (1970-01-01 was a Thursday).
function mondayOf(day: bigint): bigint {
  const isoWeekday = ((day + 3n) % 7n) + 1n; // 1 = Monday .. 7 = Sunday
  return day - (isoWeekday - 1n);
}

// The start of the bucket holding `ms`. REQUIRES: ms >= 0 (callers refuse earlier times).
export function bucketStart(ms: bigint, bucket: TimeBucket): bigint {
  switch (bucket) {
    case 'hour':
      return ms - (ms % HOUR_MS);
    case 'day':
      return ms - (ms % DAY_MS);
    case 'week':
      return mondayOf(ms / DAY_MS) * DAY_MS;
  }
}

export type IsoWeek = { year: number; week: number };

// ISO 8601: a week belongs to the year of its Thursday; week 1 holds January 4th.
// REQUIRES: ms >= 0.
export function isoWeekOf(ms: bigint): IsoWeek {
  const thursday = Number(mondayOf(ms / DAY_MS) + 3n);
  const year = new Date(thursday * Number(DAY_MS)).getUTCFullYear();
  const januaryFirst = Date.UTC(year, 0, 1) / Number(DAY_MS);
  return { year, week: Math.floor((thursday - januaryFirst) / 7) + 1 };
}

// "2024-W03", as IsoWeek::ToString.
export function isoWeekString(w: IsoWeek): string {
  return `${String(w.year).padStart(4, '0')}-W${String(w.week).padStart(2, '0')}`;
}
