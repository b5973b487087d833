/**
 * The delivery layer's one outward call for grades. Delivery decides *when* a
 * learner's standing changed; what happens to it (the AGS outbox) is the
 * grades area's business, injected as a ScoreHook.
 *
 * Contract:
 *  - called after a commit of the learner's record, never before, and only
 *    when score, progress or completion differ from the committed state before
 *    it (`previous`); `previous` is null when the record was just created;
 *  - `report` is the engine's GradeReport (score and progress in 0..1) of the
 *    state just committed; `session` is the launch the action came through,
 *    carrying the AGS claim of the learner's resource link;
 *  - awaited before the learner's page answers, so a score is handed over
 *    before the learner sees it; a hook that throws is logged and does not
 *    fail the learner's action, which is already committed.
 */
import type { GradeReport } from '../engine/index.js';
import type { Session } from '../store/types.js';

export type ScoreHook = (session: Session, report: GradeReport, previous: GradeReport | null) => void | Promise<void>;

export const NO_SCORE_HOOK: ScoreHook = () => undefined;

export function gradeChanged(previous: GradeReport | null, report: GradeReport): boolean {
  return previous === null || previous.score !== report.score || previous.progress !== report.progress || previous.completed !== report.completed;
}
