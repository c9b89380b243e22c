import { badUserInput, type CountryCode } from "@smart/platform";

/**
 * Each unit's day starts at midnight where it works: "today", "in the past" and
 * "before the day" are read in the unit's time zone, not in UTC (at 00:30 in
 * Paris it is already tomorrow for a booking, while UTC still says today).
 */
const UNIT_TIME_ZONES: Record<CountryCode, string> = {
  AT: "Europe/Vienna",
  BE: "Europe/Brussels",
  DE: "Europe/Berlin",
  ES: "Europe/Madrid",
  FR: "Europe/Paris",
  HU: "Europe/Budapest",
  IT: "Europe/Rome",
  NL: "Europe/Amsterdam",
  SE: "Europe/Stockholm",
};

const formatters = new Map<CountryCode, Intl.DateTimeFormat>();

/** Today's date where `unit` works, `YYYY-MM-DD`. */
export function unitToday(unit: CountryCode, now: Date = new Date()): string {
  let formatter = formatters.get(unit);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: UNIT_TIME_ZONES[unit],
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(unit, formatter);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    formatter.formatToParts(now).find((each) => each.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const DAY_MS = 86_400_000;
const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** `iso` plus `days` (negative: minus), `YYYY-MM-DD`. */
export function addDays(iso: string, days: number): string {
  return new Date((epochDay(iso) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** The days from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
}

/** Longest range of days a list or availability answers in one request. */
export const MAX_RANGE_DAYS = 62;

/** Throws BAD_USER_INPUT unless `from` ≤ `to` and the range spans at most MAX_RANGE_DAYS days (both included). */
export function checkDayRange(from: string, to: string): void {
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw badUserInput(`from ${from} is after to ${to}.`, { argumentName: "from" });
  if (days > MAX_RANGE_DAYS) {
    throw badUserInput(`from ${from} to ${to} spans ${days} days; ask for at most ${MAX_RANGE_DAYS} at a time.`, {
      argumentName: "to",
    });
  }
}
