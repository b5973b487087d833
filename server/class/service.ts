/**
 * The educators' view, assembled: what each page of it needs, loaded with
 * the store reads scoped to the instructor's own placement.
 */
import type { TokenCache } from '../grades/token-cache.js';
import type { Attempt, Note, RosterSnapshot, Session, Store } from '../store/types.js';
import { activityKeys, activityStats, type ActivityStats } from './activities.js';
import { scanAttempts, type AttemptScan } from './attempt-scan.js';
import { findLearner, loadClass, type ClassData, type LearnerEntry } from './class-data.js';
import { notesFor } from './notes.js';
import { GradeColumns, type GradeColumnPolicy } from './grade-columns.js';
import { buildOverview, type Overview, type OverviewRow } from './overview.js';
import { currentRoster, refreshRoster, type RosterDeps, type RosterPolicy } from './roster.js';
import { learnerRecordScope, placementScope } from './scope.js';
import type { SignalPolicy } from './signals.js';
import { buildStory, type Story } from './story.js';
import { VersionBook } from './versions.js';

export interface ClassDeps {
  store: Store;
  tokens: TokenCache;
  now: () => number;
  roster: RosterPolicy;
  signals: SignalPolicy;
  gradeColumns: GradeColumnPolicy;
}

export interface ClassPage {
  data: ClassData;
  overview: Overview;
  activities: ActivityStats[];
  /** Every answer recorded, each question of a warm-up counted. */
  answers: number;
  /** Days without activity after which a learner whose path is at an activity counts as having left it. */
  inactiveDays: number;
}

export interface LearnerPage {
  data: ClassData;
  learner: LearnerEntry;
  row: OverviewRow;
  story: Story | null;
  notes: Note[];
}

export class ClassService {
  readonly versions: VersionBook;
  private readonly rosterDeps: RosterDeps;
  private readonly columns: GradeColumns;

  constructor(private readonly deps: ClassDeps) {
    this.versions = new VersionBook(deps.store);
    this.rosterDeps = { store: deps.store, tokens: deps.tokens, now: deps.now, policy: deps.roster };
    this.columns = new GradeColumns({ store: deps.store, tokens: deps.tokens, now: deps.now, policy: deps.gradeColumns });
  }

  /** The class as it stands; null when nothing is placed in the link and nobody has a record there. Fetches the roster first when due. */
  async classPage(session: Session): Promise<ClassPage | null> {
    const data = await this.classData(session, 'fresh', 'with-grade-columns');
    if (data === null) return null;
    const scan = await this.scan(data, this.deps.store.iterateAttempts(learnerRecordScope(data.scope)));
    const now = this.deps.now();
    const overview = buildOverview(data, scan, this.deps.signals, now);
    const lastActive = new Map(overview.rows.map((r) => [r.userId, r.lastActive] as const));
    return { data, overview, activities: activityStats(data, scan, lastActive, this.deps.signals, now), answers: scan.answers, inactiveDays: this.deps.signals.inactiveDays };
  }

  /** One learner of the class; null when the id is not a learner of this link (or there is no class). */
  async learnerPage(session: Session, userId: string): Promise<LearnerPage | null> {
    const data = await this.classData(session, 'cached', 'with-grade-columns');
    const learner = data === null ? null : findLearner(data, userId);
    if (data === null || learner === null) return null;
    const attempts = learner.record === null ? [] : await this.deps.store.selectAttempts({ ...learnerRecordScope(data.scope), userId });
    const scan = await this.scan(data, fromArray(attempts));
    const overview = buildOverview({ ...data, learners: [learner] }, scan, this.deps.signals, this.deps.now());
    const row = overview.rows[0];
    if (row === undefined) throw new Error('the overview of one learner has no row');
    const story = learner.state === null ? null : buildStory(learner.state, learner.compiled, attempts);
    return { data, learner, row, story, notes: await notesFor(this.deps.store, session, userId) };
  }

  /**
   * Class data for exports and actions. `fresh` fetches the roster first when
   * it is due (as opening the page does), so an export names the learners.
   * Pages that show scores ask the LMS for its gradebook column's points too
   * (remembered a while), so a score reads as the gradebook shows it.
   */
  classData(session: Session, roster: 'fresh' | 'cached', columns: 'with-grade-columns' | 'without' = 'without'): Promise<ClassData | null> {
    const snapshot = roster === 'fresh' ? () => currentRoster(this.rosterDeps, session) : () => this.deps.store.selectRoster(placementScope(session));
    const maxima = columns === 'without' ? undefined : (urls: string[]) => this.columns.maxima(session, urls);
    return loadClass(this.deps.store, this.versions, placementScope(session), snapshot, maxima);
  }

  async overviewOnly(session: Session): Promise<{ data: ClassData; overview: Overview } | null> {
    const data = await this.classData(session, 'fresh');
    if (data === null) return null;
    const scan = await this.scan(data, this.deps.store.iterateAttempts(learnerRecordScope(data.scope)));
    return { data, overview: buildOverview(data, scan, this.deps.signals, this.deps.now()) };
  }

  refreshRoster(session: Session): Promise<RosterSnapshot> {
    return refreshRoster(this.rosterDeps, session);
  }

  private scan(data: ClassData, attempts: AsyncIterable<Attempt>): Promise<AttemptScan> {
    const byId = new Map(data.learners.map((l) => [l.userId, l] as const));
    return scanAttempts(
      attempts,
      (userId) => byId.get(userId)?.compiled ?? null,
      this.deps.signals.noGainAnswers,
      activityKeys(data),
    );
  }
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
