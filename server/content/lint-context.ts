/**
 * What every lint check needs: the document's ids by kind and a sink for issues.
 */
import { activityModality, isQuestion, type Activity, type Modality, type SequenceDoc, type SurveyTarget } from '../engine/index.js';
import { isObject } from '../json.js';
import type { Issue, Severity } from './issues.js';

export class LintContext {
  readonly issues: Issue[] = [];
  readonly activities = new Map<string, Activity>();
  readonly objectives = new Set<string>();
  readonly misconceptions = new Set<string>();
  /** Choice ids of all choice questions: what `lastResponse.choiceIds` can hold. */
  readonly choiceIds = new Set<string>();
  /** Option values the survey offers per target, or null when no survey question feeds it. */
  readonly offered: Readonly<Record<Exclude<SurveyTarget, 'modality'>, Set<string> | null>>;

  constructor(readonly doc: SequenceDoc) {
    // First occurrence wins; duplicates are reported by the duplicate-id check.
    // The guards matter only for a document that failed the schema (lintMalformed):
    // an item without an id names nothing, and its schema error says so.
    for (const o of doc.objectives) if (hasId(o)) this.objectives.add(o.id);
    for (const m of doc.misconceptions ?? []) if (hasId(m)) this.misconceptions.add(m.id);
    const offered: Record<'interests' | 'goals', Set<string> | null> = { interests: null, goals: null };
    for (const a of doc.activities) {
      if (!hasId(a)) continue;
      if (!this.activities.has(a.id)) this.activities.set(a.id, a);
      if (isQuestion(a) && (a.kind === 'singleChoice' || a.kind === 'multipleChoice')) {
        for (const c of list(a.choices)) if (hasId(c)) this.choiceIds.add(c.id);
      }
      if (a.kind === 'survey') {
        for (const q of list(a.questions)) {
          if (!isObject(q) || (q.target !== 'interests' && q.target !== 'goals')) continue;
          const values = (offered[q.target] ??= new Set());
          for (const o of list(q.options)) if (isObject(o) && typeof o.value === 'string') values.add(o.value);
        }
      }
    }
    this.offered = offered;
  }

  /** Modality of a known activity. */
  modalityOf(id: string): Modality | undefined {
    const activity = this.activities.get(id);
    return activity === undefined ? undefined : activityModality(activity);
  }

  report(severity: Severity, path: string, code: string, message: string): void {
    this.issues.push({ severity, path, code, message });
  }

  error(path: string, code: string, message: string): void {
    this.report('error', path, code, message);
  }

  warn(path: string, code: string, message: string): void {
    this.report('warning', path, code, message);
  }

  /** Reports an unknown activity id; true when it is known. A non-string is the schema's to report. */
  knownActivity(id: string, path: string): boolean {
    if (this.activities.has(id)) return true;
    if (typeof id !== 'string') return false;
    this.error(path, 'unknown-activity', `unknown activity '${id}'${suggest(id, this.activities.keys())}`);
    return false;
  }

  knownObjective(id: string, path: string): boolean {
    if (this.objectives.has(id)) return true;
    if (typeof id !== 'string') return false;
    this.error(path, 'unknown-objective', `unknown objective '${id}'${suggest(id, this.objectives)}`);
    return false;
  }

  knownMisconception(id: string, path: string): boolean {
    if (this.misconceptions.has(id)) return true;
    if (typeof id !== 'string') return false;
    this.error(path, 'unknown-misconception', `unknown misconception '${id}'${suggest(id, this.misconceptions)}`);
    return false;
  }
}

function hasId<T>(item: T): item is T & { id: string } {
  return isObject(item) && typeof item.id === 'string';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** ", did you mean 'x'?" for the closest candidate within two edits, else ''. */
export function suggest(word: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? '' : `; did you mean '${best}'?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
