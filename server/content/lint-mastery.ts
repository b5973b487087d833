/**
 * Whether each objective's mastery threshold is within reach of its questions.
 *
 * Only the first answer ever to a question is evidence (respond.ts), so the
 * questions that carry an objective are all the chances a learner gets to show
 * it. Starting from the objective's prior and updating with the learner model
 * itself (bkt.observe, with the objective's own parameters and threshold):
 *   - mastery-out-of-reach: even every question answered right first time
 *     never brings the estimate to the threshold;
 *   - mastery-no-margin: it does, but one miss, wherever it falls, can leave the
 *     threshold out of reach of the questions left. Where it falls matters: a
 *     miss right after a right answer undoes more than a miss at the start.
 *
 * Diagnostic questions count once each, first and without the learning step,
 * as submitDiagnostic applies them: a test measures but does not teach, so a
 * right answer there weighs less than in practice, and a miss there (before any
 * teaching, where it is most likely) weighs as much. Counting them as practice
 * too would promise chances most paths never give: a pool by objective skips a
 * question the diagnostic has shown.
 *
 * Limits. Hints (which weaken a right answer), maxSteps, the loop guard, rules
 * that complete early and questions no rule shows (unreachable-activity) are
 * not modelled: each can only keep mastery further away, so passing this check
 * is needed for mastery, not a promise of it. The one chance it leaves out is a
 * diagnostic question shown again on the path by a review or goTo.
 */
import { bkt, compileObjective, isQuestion, type CompiledObjective, type Objective, type SequenceDoc } from '../engine/index.js';
import { isObject } from '../json.js';
import { pointer } from './issues.js';
import type { LintContext } from './lint-context.js';

/** Past this many questions the advice says "however many" instead of a number. */
const MOST_QUESTIONS = 100;

export function lintMasteryReach(ctx: LintContext): void {
  const counts = questionCounts(ctx.doc);
  ctx.doc.objectives.forEach((o, i) => {
    if (!isObject(o) || typeof o.id !== 'string' || !plausible(o)) return;
    const diagnostic = counts.diagnostic.get(o.id) ?? 0;
    const practice = counts.practice.get(o.id) ?? 0;
    const total = diagnostic + practice;
    // No question at all is objective-not-exercised's to report.
    if (total === 0) return;
    const objective = compileObjective(o);
    const at = pointer('', 'objectives', i);
    const threshold = `threshold ${percent(objective.threshold)}`;
    if (!reaches(objective, diagnostic, practice)) {
      const needed = practiceNeeded(objective, diagnostic, false);
      ctx.warn(
        at,
        'mastery-out-of-reach',
        needed === null
          ? `objective '${o.id}' cannot reach mastery (${threshold}) however many questions are answered right: with its BKT parameters the estimate never gets there. Lower the threshold or change the parameters.`
          : `objective '${o.id}' needs ${diagnostic + needed} right first answers in a row to reach mastery (${threshold}), but only ${questions(total)} ${total === 1 ? 'assesses' : 'assess'} it. Add questions or lower the threshold.`,
      );
      return;
    }
    if (!toleratesOneMiss(objective, diagnostic, practice)) {
      const needed = practiceNeeded(objective, diagnostic, true);
      ctx.warn(
        at,
        'mastery-no-margin',
        needed === null
          ? `objective '${o.id}' leaves no room for a mistake: one missed first answer can leave mastery (${threshold}) out of reach however many questions follow. Lower the threshold or change its BKT parameters.`
          : `objective '${o.id}' leaves no room for a mistake: with ${questions(total)}, one missed first answer can leave mastery (${threshold}) out of reach. ` +
              `Give it ${diagnostic + needed} questions (${diagnostic + needed - total} more) so a learner can make up for one miss, or lower the threshold.`,
      );
    }
  });
}

/** Distinct questions per objective: those a diagnostic asks, and the rest. */
function questionCounts(doc: SequenceDoc): { diagnostic: Map<string, number>; practice: Map<string, number> } {
  const inDiagnostic = new Set<unknown>();
  for (const a of doc.activities) if (isObject(a) && a.kind === 'diagnostic' && Array.isArray(a.questions)) for (const q of a.questions) inDiagnostic.add(q);
  const diagnostic = new Map<string, number>();
  const practice = new Map<string, number>();
  const seen = new Set<unknown>();
  for (const a of doc.activities) {
    // A duplicate id is one question to the engine (duplicate-id reports the second).
    if (!isObject(a) || !isQuestion(a) || !Array.isArray(a.objectives) || seen.has(a.id)) continue;
    seen.add(a.id);
    const counts = inDiagnostic.has(a.id) ? diagnostic : practice;
    for (const id of new Set(a.objectives)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { diagnostic, practice };
}

/** Whether the estimate reaches the threshold at some answer; once reached, mastery is kept (mastery.ts). */
function reaches(objective: CompiledObjective, diagnostic: number, practice: number, missAt = -1): boolean {
  let estimate = bkt.initial(objective);
  for (let i = 0; i < diagnostic + practice; i++) {
    estimate = bkt.observe(estimate, { correct: i !== missAt, hintsUsed: 0, learning: i >= diagnostic }, objective);
    if (estimate >= objective.threshold) return true;
  }
  return false;
}

function toleratesOneMiss(objective: CompiledObjective, diagnostic: number, practice: number): boolean {
  for (let missAt = 0; missAt < diagnostic + practice; missAt++) if (!reaches(objective, diagnostic, practice, missAt)) return false;
  return true;
}

/** Fewest practice questions that reach mastery (with one miss anywhere, if `oneMiss`); null if more than MOST_QUESTIONS. */
function practiceNeeded(objective: CompiledObjective, diagnostic: number, oneMiss: boolean): number | null {
  // More questions never hurt: the answers before the added one are unchanged.
  for (let practice = 0; practice <= MOST_QUESTIONS; practice++) {
    if (reaches(objective, diagnostic, practice) && (!oneMiss || toleratesOneMiss(objective, diagnostic, practice))) return practice;
  }
  return null;
}

/** A document that failed the schema may hold anything here; its schema errors say what. */
function plausible(o: Objective): boolean {
  const numbers = [o.masteryThreshold, o.bkt?.prior, o.bkt?.learn, o.bkt?.guess, o.bkt?.slip];
  return (o.bkt === undefined || isObject(o.bkt)) && numbers.every((n) => n === undefined || (typeof n === 'number' && n >= 0 && n <= 1));
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function questions(n: number): string {
  return n === 1 ? '1 question' : `${n} questions`;
}
