/**
 * Helpers the class templates call as `h.*`. Links to other pages are forms
 * that post the session token (views/partials/post-link.ejs), since the tool
 * runs without cookies inside the LMS frame and URLs must not carry it.
 */
import { ago, duration, iso, masteredOf, percent, stepsTaken, when, type ProgressCounts } from './format.js';

export interface ViewHelpers {
  /** Where a learner's page is (the action of the form that opens it). */
  learnerPath(userId: string): string;
  percent(share: number | null): string;
  /** "1 of 3 mastered" (`long`: "1 of 3 objectives mastered"). */
  masteredOf(progress: ProgressCounts, long?: boolean): string;
  /** "step 12" while working, "14 steps" once finished. */
  stepsTaken(steps: number, finished: boolean): string;
  duration(seconds: number): string;
  when(epochMs: number | null): string;
  iso(epochMs: number): string;
  ago(epochMs: number | null): string;
  /** The same name for a reader: case, surrounding and repeated spaces aside (a link named after its sequence). */
  sameName(a: string | null, b: string | null): boolean;
  token: string;
  now: number;
}

const normalName = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

export function viewHelpers(token: string, now: number): ViewHelpers {
  return {
    learnerPath: (userId) => `/class/learners/${encodeURIComponent(userId)}`,
    percent: (share) => (share === null ? '—' : percent(share)),
    masteredOf,
    stepsTaken,
    duration,
    when: (epochMs) => (epochMs === null ? 'never' : when(epochMs)),
    iso,
    ago: (epochMs) => (epochMs === null ? 'never' : ago(epochMs, now)),
    sameName: (a, b) => a !== null && b !== null && normalName(a) === normalName(b),
    token,
    now,
  };
}
