/**
 * Helpers the class templates call as `h.*`. Links carry the session token
 * (`s`), since the tool runs without cookies inside the LMS frame; the token
 * is URL-encoded here once so no template builds a URL by hand.
 */
import { ago, duration, iso, percent, when } from './format.js';

export interface ViewHelpers {
  /** A path of the tool with the session token (and any other parameters) added. */
  url(path: string, params?: Record<string, string>): string;
  learnerUrl(userId: string): string;
  percent(share: number | null): string;
  duration(seconds: number): string;
  when(epochMs: number | null): string;
  iso(epochMs: number): string;
  ago(epochMs: number | null): string;
  token: string;
  now: number;
}

export function viewHelpers(token: string, now: number): ViewHelpers {
  const url = (path: string, params: Record<string, string> = {}) => {
    const [base, anchor] = path.split('#', 2);
    const query = new URLSearchParams({ s: token, ...params }).toString();
    return `${base}?${query}${anchor === undefined ? '' : `#${anchor}`}`;
  };
  return {
    url,
    learnerUrl: (userId) => url(`/class/learners/${encodeURIComponent(userId)}`),
    percent: (share) => (share === null ? '—' : percent(share)),
    duration,
    when: (epochMs) => (epochMs === null ? 'never' : when(epochMs)),
    iso,
    ago: (epochMs) => (epochMs === null ? 'never' : ago(epochMs, now)),
    token,
    now,
  };
}
