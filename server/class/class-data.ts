/**
 * Everything the educators' view knows about one placement, loaded once per
 * request: the placement and its sequence, the cached roster merged with the
 * learner records (so learners who never launched appear), each learner's
 * compiled version, and their latest grade job.
 *
 * Every read is scoped by the instructor's own launch (scope.ts). Studio
 * previews never write learner records, so nothing here can include them.
 */
import type { CompiledSequence, LearnerState } from '../engine/index.js';
import type { GradeJob, LearnerRecord, Placement, PlacementScope, RosterSnapshot, Store } from '../store/types.js';
import { engineState } from './learner-state.js';
import { isLearner } from './roster.js';
import { learnerRecordScope } from './scope.js';
import type { VersionBook } from './versions.js';

export type ClassStore = Pick<Store, 'selectPlacement' | 'selectSequence' | 'selectLatestSequenceVersion' | 'selectLearners' | 'selectGradeJobs'>;

export interface LearnerEntry {
  userId: string;
  /** From the roster; null for a learner the roster does not (or no longer) list. */
  name: string | null;
  email: string | null;
  /** Listed as a learner on the cached roster. */
  onRoster: boolean;
  record: LearnerRecord | null;
  /** Null when the learner never launched, or the record cannot be read. */
  state: LearnerState | null;
  /** The version the learner is pinned to, compiled; null when never launched or the version is gone. */
  compiled: CompiledSequence | null;
  /** The learner's latest grade job for this link. */
  grade: GradeJob | null;
}

export interface ObjectiveColumn {
  id: string;
  title: string;
  threshold: number;
}

export interface ClassData {
  scope: PlacementScope;
  placement: Placement;
  sequenceTitle: string;
  /** The latest published version: what new learners get. */
  latest: CompiledSequence | null;
  roster: RosterSnapshot | null;
  /** Sorted by name (learners without one last, by id). */
  learners: LearnerEntry[];
  /** Objectives of the latest version, then any only older versions in use have. */
  objectives: ObjectiveColumn[];
}

/**
 * Null when nothing is placed in the link. `roster` is asked for only once a
 * placement exists, so an unplaced link never costs a call to the LMS.
 */
export async function loadClass(store: ClassStore, versions: VersionBook, scope: PlacementScope, roster: () => Promise<RosterSnapshot | null>): Promise<ClassData | null> {
  const placement = await store.selectPlacement(scope.platformId, scope.deploymentId, scope.contextId, scope.resourceLinkId);
  if (placement === null) return null;
  const [snapshot, sequence, latestRow, records, jobs] = await Promise.all([
    roster(),
    store.selectSequence(scope.platformId, placement.sequenceId),
    store.selectLatestSequenceVersion(placement.sequenceId),
    store.selectLearners(learnerRecordScope(scope)),
    store.selectGradeJobs({ platformId: scope.platformId, resourceLinkId: scope.resourceLinkId }),
  ]);
  const latest = latestRow === null ? null : await versions.get(placement.sequenceId, latestRow.version);
  const learners = await merge(records, snapshot, latestGrades(jobs), versions);
  return {
    scope,
    placement,
    sequenceTitle: sequence?.title ?? latest?.doc.title ?? placement.sequenceId,
    latest,
    roster: snapshot,
    learners,
    objectives: objectiveColumns(latest, learners),
  };
}

async function merge(records: LearnerRecord[], roster: RosterSnapshot | null, grades: Map<string, GradeJob>, versions: VersionBook): Promise<LearnerEntry[]> {
  const entries = new Map<string, LearnerEntry>();
  for (const member of roster?.members ?? []) {
    if (!isLearner(member)) continue;
    entries.set(member.userId, { userId: member.userId, name: member.name, email: member.email, onRoster: true, record: null, state: null, compiled: null, grade: null });
  }
  for (const record of records) {
    const entry = entries.get(record.userId) ?? { userId: record.userId, name: null, email: null, onRoster: false, record: null, state: null, compiled: null, grade: null };
    entry.record = record;
    entry.state = engineState(record.state);
    entry.compiled = await versions.get(record.sequenceId, record.version);
    entries.set(record.userId, entry);
  }
  for (const entry of entries.values()) entry.grade = grades.get(entry.userId) ?? null;
  return [...entries.values()].sort(byName);
}

function byName(a: LearnerEntry, b: LearnerEntry): number {
  if (a.name !== null && b.name !== null) return a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId);
  if (a.name !== null) return -1;
  if (b.name !== null) return 1;
  return a.userId.localeCompare(b.userId);
}

/** A learner may have jobs for several line items (the link's item was replaced); the latest one speaks for them. */
function latestGrades(jobs: GradeJob[]): Map<string, GradeJob> {
  const latest = new Map<string, GradeJob>();
  for (const job of jobs) {
    const seen = latest.get(job.userId);
    if (seen === undefined || job.updatedAt >= seen.updatedAt) latest.set(job.userId, job);
  }
  return latest;
}

function objectiveColumns(latest: CompiledSequence | null, learners: LearnerEntry[]): ObjectiveColumn[] {
  const columns = new Map<string, ObjectiveColumn>();
  const add = (compiled: CompiledSequence | null) => {
    for (const o of compiled?.objectives ?? []) if (!columns.has(o.id)) columns.set(o.id, { id: o.id, title: o.title, threshold: o.threshold });
  };
  add(latest);
  for (const l of learners) add(l.compiled);
  return [...columns.values()];
}

/** The learner's entry in this placement, or null: ids outside the class are simply unknown here. */
export function findLearner(data: ClassData, userId: string): LearnerEntry | null {
  return data.learners.find((l) => l.userId === userId) ?? null;
}
