/** Numbers and times as the educators' view writes them, in pages and in exports alike. */

/** 0.456 → "46%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Seconds → "45 s", "12 min", "1 h 05 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Milliseconds → "3 days", "1 day", "5 hours". */
export function days(ms: number): string {
  const d = Math.floor(ms / 86_400_000);
  if (d >= 1) return `${d} ${d === 1 ? 'day' : 'days'}`;
  const h = Math.max(1, Math.floor(ms / 3_600_000));
  return `${h} ${h === 1 ? 'hour' : 'hours'}`;
}

/**
 * "2025-03-04 14:05 UTC". The server does not know the instructor's time
 * zone, so it says which one it uses; <time datetime> carries the exact instant.
 */
export function when(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** "3 days ago", "just now": how stale something is, next to the exact time. */
export function ago(epochMs: number, now: number): string {
  const ms = now - epochMs;
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${days(ms)} ago`;
}

/** The counts behind a learner's progress, as the class pages word them. */
export interface ProgressCounts {
  mastered: number;
  required: number;
  allRequired: boolean;
  steps: number;
}

/**
 * "1 of 3 mastered" (short, in the overview's column whose caption names objectives) or
 * "1 of 3 objectives mastered"; "required" is said when completion does not ask for every objective.
 */
export function masteredOf(p: ProgressCounts, long = false): string {
  const noun = long ? ` ${p.required === 1 ? 'objective' : 'objectives'}` : '';
  return `${p.mastered} of ${p.required}${p.allRequired ? '' : ' required'}${noun} mastered`;
}

/** "step 12" for a learner still working (the player's words), "14 steps" once finished. */
export function stepsTaken(steps: number, finished: boolean): string {
  if (finished) return `${steps} ${steps === 1 ? 'step' : 'steps'}`;
  return steps === 0 ? 'no step yet' : `step ${steps}`;
}
