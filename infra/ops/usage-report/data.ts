import type { DimensionSet } from '../../../functions/core/usage-metrics.js';

/** One series over the report's days: a metric, one dimension set, a count per UTC day. */
export type UsageSeries = { name: string; dimensions: DimensionSet; days: Record<string, number> };

export type UsageData = {
  from: string;
  to: string;
  /** Where the counts came from, as the report prints it. */
  source: string;
  series: UsageSeries[];
};

export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

const DAY_MS = 86_400_000;
/** CloudWatch keeps hourly data 63 days and daily (1-hour rolled) data 455 days. */
export const MAX_DAYS = 455;

/** A real calendar date written YYYY-MM-DD, as a UTC midnight. */
function parseDay(flag: string, value: string | undefined): Date {
  if (value === undefined) throw new ReportInputError(`Missing --${flag} (a date such as 2026-11-01).`);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = new Date(`${value}T00:00:00Z`);
  if (match === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ReportInputError(`--${flag} ${value} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01.`);
  }
  return date;
}

/** The report's days, from and to included; a clear error for a range that cannot be read. */
export function parseRange(from: string | undefined, to: string | undefined, now: Date): string[] {
  const start = parseDay('from', from);
  const end = parseDay('to', to);
  if (end < start) throw new ReportInputError(`--to ${to} is before --from ${from}: swap them.`);
  const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  if (start > today)
    throw new ReportInputError(`--from ${from} is in the future: there is nothing to report yet.`);
  const count = Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1;
  if (count > MAX_DAYS) {
    throw new ReportInputError(
      `The range covers ${count} days; CloudWatch keeps daily figures for ${MAX_DAYS} days: ask for less.`,
    );
  }
  if (today.getTime() - start.getTime() > MAX_DAYS * DAY_MS) {
    throw new ReportInputError(
      `--from ${from} is more than ${MAX_DAYS} days ago: CloudWatch no longer has it.`,
    );
  }
  return Array.from({ length: count }, (_, i) =>
    new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10),
  );
}
