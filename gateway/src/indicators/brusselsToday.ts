const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Brussels",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Brussels, where the central office works: `YYYY-MM-DD`. */
export function brusselsToday(now: Date = new Date()): string {
  return formatter.format(now);
}
