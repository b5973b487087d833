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
  /** The points of the LMS gradebook column that job went to, when the LMS told; null when unknown. */
  gradeColumnMaximum: number | null;
  /** The sequence and version the learner is on, as in ClassData.inUse; null when never launched. */
  on: VersionInUse | null;
}

/** A sequence version learners of the link are pinned to. */
export interface VersionInUse {
  sequenceId: string;
  version: number;
  /** "Fractions v2". */
  label: string;
  learners: number;
  /** The link delivers this sequence now (new learners start on its latest version). */
  placed: boolean;
}

export interface ObjectiveColumn {
  /** Objectives are per sequence: two sequences may both have an objective `basics`. */
  sequenceId: string;
  id: string;
  /** Prefixed with the sequence's title when the link's learners are on more than one sequence. */
  title: string;
  threshold: number;
}

export interface ClassData {
  scope: PlacementScope;
  /** Null when the link places nothing now but learners have records there. */
  placement: Placement | null;
  /** The placed sequence's title, else the one learners are on (see inUse for several). */
  sequenceTitle: string;
  /** The placed sequence's latest published version: what new learners get. */
  latest: CompiledSequence | null;
  /** Its version number; null when nothing is placed or it has no published version. */
  latestVersion: number | null;
  /**
   * The placed sequence is archived in the studio: out of the library and the
   * lists to place from, but the link keeps delivering it, new learners included.
   */
  placedArchived: boolean;
  roster: RosterSnapshot | null;
  /** Sorted by name (learners without one last, by id). */
  learners: LearnerEntry[];
  /** The versions learners are on: the placed sequence first, newest version first. */
  inUse: VersionInUse[];
  /** Objectives of the latest version, then any only versions in use have. */
  objectives: ObjectiveColumn[];
}

type Titles = Map<string, string>;

/** The scoreMaximum of each gradebook column (line item URL) the LMS told; see grade-columns.ts. */
export type ColumnMaxima = (lineItemUrls: string[]) => Promise<Map<string, number>>;

/**
 * Null when nothing is placed in the link and nobody has a record there. A
 * link's learners stay in its class whatever happens to their sequence (placed
 * elsewhere, archived): each is shown on the version they are pinned to.
 * `roster` and `columns` are asked for only once there is a class, so an unused
 * link never costs a call to the LMS.
 */
export async function loadClass(
  store: ClassStore,
  versions: VersionBook,
  scope: PlacementScope,
  roster: () => Promise<RosterSnapshot | null>,
  columns: ColumnMaxima = async () => new Map(),
): Promise<ClassData | null> {
  const [placement, records] = await Promise.all([
    store.selectPlacement(scope.platformId, scope.deploymentId, scope.contextId, scope.resourceLinkId),
    store.selectLearners(learnerRecordScope(scope)),
  ]);
  if (placement === null && records.length === 0) return null;
  const [snapshot, latestRow, jobs] = await Promise.all([
    roster(),
    placement === null ? null : store.selectLatestSequenceVersion(placement.sequenceId),
    store.selectGradeJobs({ platformId: scope.platformId, resourceLinkId: scope.resourceLinkId }),
  ]);
  const grades = latestGrades(jobs);
  const [latest, maxima] = await Promise.all([
    placement === null || latestRow === null ? null : versions.get(placement.sequenceId, latestRow.version),
    columns([...grades.values()].flatMap((job) => (job.lineItemUrl === null ? [] : [job.lineItemUrl]))),
  ]);
  const learners = await merge(records, snapshot, grades, maxima, versions);
  const { titles, archived } = await sequenceTitles(store, scope.platformId, placement, latest, learners);
  const inUse = versionsInUse(learners, placement, titles);
  const placedId = placement?.sequenceId ?? inUse[0]?.sequenceId ?? '';
  return {
    scope,
    placement,
    sequenceTitle: titles.get(placedId) ?? placedId,
    latest,
    latestVersion: latest === null ? null : (latestRow?.version ?? null),
    placedArchived: placement !== null && archived.has(placement.sequenceId),
    roster: snapshot,
    learners,
    inUse,
    objectives: objectiveColumns(placement?.sequenceId ?? null, latest, learners, titles),
  };
}

/** Archived sequences keep their title (and are named as archived); one gone altogether falls back to its version's document, then its id. */
async function sequenceTitles(
  store: ClassStore,
  platformId: string,
  placement: Placement | null,
  latest: CompiledSequence | null,
  learners: LearnerEntry[],
): Promise<{ titles: Titles; archived: Set<string> }> {
  const docTitles = new Map<string, string>();
  if (placement !== null && latest !== null) docTitles.set(placement.sequenceId, latest.doc.title);
  for (const l of learners) if (l.record !== null && l.compiled !== null && !docTitles.has(l.record.sequenceId)) docTitles.set(l.record.sequenceId, l.compiled.doc.title);
  const ids = new Set([...(placement === null ? [] : [placement.sequenceId]), ...learners.flatMap((l) => (l.record === null ? [] : [l.record.sequenceId]))]);
  const titles: Titles = new Map();
  const archived = new Set<string>();
  await Promise.all(
    [...ids].map(async (id) => {
      const sequence = await store.selectSequence(platformId, id);
      titles.set(id, sequence?.title ?? docTitles.get(id) ?? id);
      if (sequence !== null && sequence.archivedAt !== null) archived.add(id);
    }),
  );
  return { titles, archived };
}

function versionsInUse(learners: LearnerEntry[], placement: Placement | null, titles: Titles): VersionInUse[] {
  const groups = new Map<string, VersionInUse>();
  for (const l of learners) {
    if (l.record === null) continue;
    const { sequenceId, version } = l.record;
    const key = `${version}\u0000${sequenceId}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { sequenceId, version, label: `${titles.get(sequenceId) ?? sequenceId} v${version}`, learners: 0, placed: sequenceId === placement?.sequenceId };
      groups.set(key, group);
    }
    group.learners += 1;
    l.on = group;
  }
  return [...groups.values()].sort((a, b) => Number(b.placed) - Number(a.placed) || a.label.localeCompare(b.label) || b.version - a.version);
}

async function merge(records: LearnerRecord[], roster: RosterSnapshot | null, grades: Map<string, GradeJob>, maxima: Map<string, number>, versions: VersionBook): Promise<LearnerEntry[]> {
  const entries = new Map<string, LearnerEntry>();
  const empty = { record: null, state: null, compiled: null, grade: null, gradeColumnMaximum: null, on: null };
  for (const member of roster?.members ?? []) {
    if (!isLearner(member)) continue;
    entries.set(member.userId, { userId: member.userId, name: member.name, email: member.email, onRoster: true, ...empty });
  }
  for (const record of records) {
    const entry = entries.get(record.userId) ?? { userId: record.userId, name: null, email: null, onRoster: false, ...empty };
    entry.record = record;
    entry.state = engineState(record.state);
    entry.compiled = await versions.get(record.sequenceId, record.version);
    entries.set(record.userId, entry);
  }
  for (const entry of entries.values()) {
    entry.grade = grades.get(entry.userId) ?? null;
    const url = entry.grade?.lineItemUrl ?? null;
    entry.gradeColumnMaximum = url === null ? null : (maxima.get(url) ?? null);
  }
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

function objectiveColumns(placedId: string | null, latest: CompiledSequence | null, learners: LearnerEntry[], titles: Titles): ObjectiveColumn[] {
  const columns = new Map<string, ObjectiveColumn>();
  const add = (sequenceId: string, compiled: CompiledSequence | null) => {
    for (const o of compiled?.objectives ?? []) {
      const key = `${sequenceId}\u0000${o.id}`;
      if (!columns.has(key)) columns.set(key, { sequenceId, id: o.id, title: o.title, threshold: o.threshold });
    }
  };
  if (placedId !== null) add(placedId, latest);
  for (const l of learners) if (l.record !== null) add(l.record.sequenceId, l.compiled);
  const all = [...columns.values()];
  if (new Set(all.map((c) => c.sequenceId)).size < 2) return all;
  return all.map((c) => ({ ...c, title: `${titles.get(c.sequenceId) ?? c.sequenceId}: ${c.title}` }));
}

/** The learner's entry in this placement, or null: ids outside the class are simply unknown here. */
export function findLearner(data: ClassData, userId: string): LearnerEntry | null {
  return data.learners.find((l) => l.userId === userId) ?? null;
}
