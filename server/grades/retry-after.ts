/**
 * Retry-After (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date.
 * Platforms throttle with it (429) and announce maintenance windows with it
 * (503), so a sender that ignores it gets throttled harder.
 */

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** "Sun, 06 Nov 1994 08:49:37 GMT", the form senders must use. */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
/** "Sunday, 06-Nov-94 08:49:37 GMT", obsolete but still to be accepted. */
const RFC_850 = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
/** "Sun Nov  6 08:49:37 1994", obsolete; always GMT, although it does not say so. */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

/**
 * The delay, in milliseconds from `now`, that a Retry-After value asks for;
 * null when the header is absent or malformed (a malformed value is ignored
 * rather than trusted, as RFC 9110 allows). A date in the past means "now": 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : null;
  }
  let at: number;
  if (IMF_FIXDATE.test(v) || RFC_850.test(v)) at = Date.parse(v);
  // Date.parse would read asctime's unzoned time as local time.
  else if (ASCTIME.test(v)) at = Date.parse(`${v} GMT`);
  else return null;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
