/**
 * The one storage interface for everything the product keeps.
 *
 * Two adapters implement it (embedded SQLite, MongoDB through mongoose) and both
 * must pass tests/store/contract.ts. Domain code depends on this file only, never
 * on an adapter. Times are epoch milliseconds; JSON-valued fields are plain objects
 * the adapters serialize themselves.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------- platforms

export type PlatformStatus = 'active' | 'pending' | 'disabled';
export type PlatformSource = 'cli' | 'api' | 'dynamic' | 'dev';

/** An LMS registration: one issuer + client id pair. */
export interface Platform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  /** OIDC authorization endpoint the login redirects to. */
  authLoginUrl: string;
  /** OAuth2 token endpoint for LTI Advantage services. */
  authTokenUrl: string;
  /** Audience of the client-assertion JWT; defaults to authTokenUrl. */
  authServer: string | null;
  jwksUrl: string;
  status: PlatformStatus;
  source: PlatformSource;
  createdAt: number;
  updatedAt: number;
}

export type NewPlatform = Omit<Platform, 'id' | 'createdAt' | 'updatedAt'>;

export interface Deployment {
  platformId: string;
  deploymentId: string;
  createdAt: number;
}

export interface PlatformRepo {
  insertPlatform(p: NewPlatform): Promise<Platform>;
  /** Throws StoreConflictError when issuer + clientId is taken. */
  selectPlatform(id: string): Promise<Platform | null>;
  selectPlatformByIssuer(issuer: string, clientId: string): Promise<Platform | null>;
  /** All registrations of an issuer; a login without client_id needs exactly one. */
  selectPlatformsByIssuer(issuer: string): Promise<Platform[]>;
  selectPlatforms(): Promise<Platform[]>;
  updatePlatform(id: string, patch: Partial<Omit<Platform, 'id' | 'createdAt'>>): Promise<Platform | null>;
  /** Deletes the platform and its deployments. Returns false when it did not exist. */
  deletePlatform(id: string): Promise<boolean>;
  /** Idempotent: adding an existing deployment is not an error. */
  insertDeployment(platformId: string, deploymentId: string): Promise<Deployment>;
  selectDeployments(platformId: string): Promise<Deployment[]>;
  selectDeployment(platformId: string, deploymentId: string): Promise<Deployment | null>;
  deleteDeployment(platformId: string, deploymentId: string): Promise<boolean>;
}

// ---------------------------------------------------------------- LTI login state

/** Issued at OIDC login; consumed exactly once by the launch that answers it. */
export interface LoginState {
  state: string;
  nonce: string;
  platformId: string;
  targetLinkUri: string;
  createdAt: number;
  expiresAt: number;
}

export interface LoginStateRepo {
  insertLoginState(s: LoginState): Promise<void>;
  /**
   * Atomically returns and removes the state, so a replayed launch finds nothing.
   * Returns null when unknown or expired.
   */
  consumeLoginState(state: string, now: number): Promise<LoginState | null>;
  deleteExpiredLoginStates(now: number): Promise<number>;
}

// ---------------------------------------------------------------- sessions

export type ToolRole = 'learner' | 'instructor' | 'contentDeveloper' | 'admin';

/** What a successful launch established; pages authorize on this, never on raw claims. */
export interface Session {
  /** sha256 of the bearer token; the token itself is never stored. */
  id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  contextTitle: string | null;
  resourceLinkId: string;
  resourceLinkTitle: string | null;
  userId: string;
  userName: string | null;
  userEmail: string | null;
  roles: ToolRole[];
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** LTI claims later steps need: AGS endpoint, NRPS url, custom, deep-linking settings, return url. */
  claims: JsonObject;
  createdAt: number;
  expiresAt: number;
}

export interface SessionRepo {
  insertSession(s: Session): Promise<void>;
  /** Null when unknown or expired. */
  selectSession(id: string, now: number): Promise<Session | null>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;
}

// ---------------------------------------------------------------- dynamic registrations

/** A registration received through LTI Dynamic Registration, waiting for (or past) approval. */
export interface Registration {
  id: string;
  platformId: string;
  /** The platform's OpenID configuration as received, for the admin's review. */
  openidConfiguration: JsonObject;
  /** The tool configuration the platform answered with (client_id, deployment_id, ...). */
  toolConfiguration: JsonObject;
  createdAt: number;
}

export interface RegistrationRepo {
  insertRegistration(r: Registration): Promise<void>;
  selectRegistration(id: string): Promise<Registration | null>;
  selectRegistrationByPlatform(platformId: string): Promise<Registration | null>;
}

// ---------------------------------------------------------------- ltijs documents

/**
 * Backing for the ltijs database plugin on the embedded store: schemaless
 * documents per collection, matched by equality on top-level fields.
 */
export interface LtiDocRepo {
  findLtiDocs(collection: string, query: JsonObject): Promise<JsonObject[]>;
  insertLtiDoc(collection: string, doc: JsonObject, expiresAt: number | null): Promise<void>;
  /** Upsert: replaces every match, or inserts when none matches. */
  replaceLtiDoc(collection: string, query: JsonObject, doc: JsonObject, expiresAt: number | null): Promise<void>;
  /** Shallow-merges patch into the first match; returns whether one matched. */
  modifyLtiDoc(collection: string, query: JsonObject, patch: JsonObject): Promise<boolean>;
  deleteLtiDocs(collection: string, query: JsonObject): Promise<number>;
  deleteExpiredLtiDocs(now: number): Promise<number>;
}

// ---------------------------------------------------------------- authored content

/** A designer's working copy; learners only ever see published versions. */
export interface Sequence {
  id: string;
  platformId: string;
  title: string;
  draft: JsonObject;
  createdAt: number;
  updatedAt: number;
  /**
   * Set when a designer removed a sequence that had published versions: it
   * leaves the library and the lists to place from, but its versions stay,
   * because learners are pinned to them and links may still deliver it.
   */
  archivedAt: number | null;
}

/** Immutable once inserted. */
export interface SequenceVersion {
  sequenceId: string;
  version: number;
  content: JsonObject;
  publishedAt: number;
}

/** Which sequence a resource link in a course delivers. */
export interface Placement {
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
  sequenceId: string;
  /** As the launch that placed (or last opened) the link named them, so the studio can say where a sequence is used. */
  contextTitle: string | null;
  resourceLinkTitle: string | null;
  createdAt: number;
}

export type NewPlacement = Omit<Placement, 'createdAt' | 'contextTitle' | 'resourceLinkTitle'> & Partial<Pick<Placement, 'contextTitle' | 'resourceLinkTitle'>>;

/** One resource link where a sequence is placed or has learners pinned to one of its versions. */
export interface SequenceUse {
  contextId: string;
  resourceLinkId: string;
  /** From the link's placement; null when unknown. */
  contextTitle: string | null;
  resourceLinkTitle: string | null;
  /** The link delivers this sequence to learners who start now. */
  placed: boolean;
  /** Learners with a record on this sequence there, whatever the link delivers now. */
  learners: number;
}

export interface ContentRepo {
  insertSequence(s: Omit<Sequence, 'createdAt' | 'updatedAt' | 'archivedAt'>): Promise<Sequence>;
  /** Archived sequences too: pinned learners and class views still need their title. */
  selectSequence(platformId: string, id: string): Promise<Sequence | null>;
  /** The library: archived sequences are left out. */
  selectSequences(platformId: string): Promise<Sequence[]>;
  updateSequenceDraft(platformId: string, id: string, title: string, draft: JsonObject): Promise<Sequence | null>;
  /**
   * Deletes a sequence that was never published, with its placements. A
   * published one throws StoreConflictError and keeps everything: archive it.
   * Returns false when it did not exist.
   */
  deleteSequence(platformId: string, id: string): Promise<boolean>;
  /** Hides the sequence from the library, keeping its versions and placements; null when unknown. Archiving twice keeps the first time. */
  archiveSequence(platformId: string, id: string, at: number): Promise<Sequence | null>;
  /** The archived sequences only, most recently archived first, so one archived by mistake is found at the top. */
  selectArchivedSequences(platformId: string): Promise<Sequence[]>;
  /**
   * Undoes archiveSequence: back in the library and the lists to place from,
   * draft, updatedAt, versions and placements as they were. Restoring a
   * sequence that is not archived changes nothing and returns it; null when unknown.
   */
  restoreSequence(platformId: string, id: string): Promise<Sequence | null>;
  /** Every link of the platform where the sequence is placed or has learners, by course then link. */
  selectSequenceUse(platformId: string, sequenceId: string): Promise<SequenceUse[]>;
  /** Assigns the next version number atomically. */
  insertSequenceVersion(sequenceId: string, content: JsonObject): Promise<SequenceVersion>;
  selectSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | null>;
  selectLatestSequenceVersion(sequenceId: string): Promise<SequenceVersion | null>;
  selectSequenceVersions(sequenceId: string): Promise<Array<Omit<SequenceVersion, 'content'>>>;
  /** Titles left out (or null) keep the stored ones. */
  upsertPlacement(p: NewPlacement): Promise<Placement>;
  selectPlacement(platformId: string, deploymentId: string, contextId: string, resourceLinkId: string): Promise<Placement | null>;
}

// ---------------------------------------------------------------- learners

/** Identifies one learner in one placed sequence. */
export interface LearnerKey {
  platformId: string;
  contextId: string;
  resourceLinkId: string;
  userId: string;
}

export interface LearnerRecord extends LearnerKey {
  sequenceId: string;
  /** The published version the learner started on; never changes mid-path. */
  version: number;
  state: JsonObject;
  /** Optimistic-concurrency counter, incremented by every commit. */
  revision: number;
  createdAt: number;
  updatedAt: number;
}

export interface Attempt extends LearnerKey {
  id: string;
  /** Client-supplied; a retried submission with the same key is recorded once. */
  idempotencyKey: string;
  activityId: string;
  response: Json;
  correct: boolean | null;
  /** Engine output worth keeping for analytics (feedback shown, rule fired, mastery after). */
  outcome: JsonObject;
  createdAt: number;
}

export type CommitResult =
  | { status: 'committed'; record: LearnerRecord }
  | { status: 'duplicate'; attempt: Attempt; record: LearnerRecord }
  | { status: 'conflict'; record: LearnerRecord };

export interface LearnerRepo {
  /** Creates the record if missing and returns it (existing records are returned unchanged). */
  ensureLearner(key: LearnerKey, init: { sequenceId: string; version: number; state: JsonObject }): Promise<LearnerRecord>;
  selectLearner(key: LearnerKey): Promise<LearnerRecord | null>;
  selectLearners(scope: Omit<LearnerKey, 'userId'>): Promise<LearnerRecord[]>;
  /**
   * Writes the new state (and the attempt, when given) in one transaction, only if
   * the stored revision still equals expectedRevision. An attempt whose
   * idempotencyKey was already recorded for this learner yields 'duplicate' and
   * changes nothing. `state.history`, when an array, only grows: the new state's
   * history extends the stored one's, so an adapter may store only the new entries.
   */
  commitLearner(key: LearnerKey, expectedRevision: number, state: JsonObject, attempt: Omit<Attempt, keyof LearnerKey> | null): Promise<CommitResult>;
  selectAttempts(key: LearnerKey): Promise<Attempt[]>;
  /** Streams a placement's attempts oldest first, without loading them all. */
  iterateAttempts(scope: Omit<LearnerKey, 'userId'>): AsyncIterable<Attempt>;
}

// ---------------------------------------------------------------- grade outbox

export type GradeJobStatus = 'pending' | 'sent' | 'failed';

export interface ScorePayload {
  /**
   * Null while the learner has no score yet: sent without scoreGiven and
   * scoreMaximum (AGS wants the maximum only with a score), so the gradebook
   * shows progress and no grade instead of a 0.
   */
  scoreGiven: number | null;
  /** Also the maximum of the line item the tool creates, so kept when there is no score. */
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  comment?: string;
  timestamp: string;
}

/** One learner's latest score for one line item, waiting to reach the platform. */
export interface GradeJob {
  id: string;
  platformId: string;
  /** The line item URL, or the line-items container URL when the item must be created first. */
  lineItemUrl: string | null;
  lineItemsUrl: string | null;
  resourceLinkId: string;
  userId: string;
  label: string;
  score: ScorePayload;
  status: GradeJobStatus;
  /** Bumped by every enqueue; a send only completes the generation it read. */
  generation: number;
  tries: number;
  nextAttemptAt: number;
  /** Claimed by a sender until this time; a crashed sender's claim lapses. */
  leaseUntil: number;
  lastError: string | null;
  updatedAt: number;
}

export type NewGradeJob = Pick<GradeJob, 'platformId' | 'lineItemUrl' | 'lineItemsUrl' | 'resourceLinkId' | 'userId' | 'label' | 'score'>;

export interface OutboxRepo {
  /**
   * Coalesces per (platformId, resourceLinkId, userId, line item): the latest score
   * replaces a waiting one and makes a sent or failed job pending again.
   */
  enqueueGrade(job: NewGradeJob, now: number): Promise<GradeJob>;
  /** Leases up to `limit` pending jobs that are due; each is returned to one caller only. */
  claimDueGrades(now: number, limit: number, leaseMs: number): Promise<GradeJob[]>;
  /** Completes the job only if no newer score arrived since `generation` was claimed. */
  markGradeSent(id: string, generation: number, now: number): Promise<boolean>;
  markGradeRetry(id: string, generation: number, nextAttemptAt: number, error: string, now: number): Promise<void>;
  markGradeFailed(id: string, generation: number, reason: string, now: number): Promise<void>;
  /** Resolves the line item a job was created without, for later sends. */
  setGradeLineItem(id: string, lineItemUrl: string): Promise<void>;
  selectGradeJobs(filter: { platformId?: string; resourceLinkId?: string; userId?: string; status?: GradeJobStatus }): Promise<GradeJob[]>;
  countPendingGrades(): Promise<number>;
}

// ---------------------------------------------------------------- class (educators' view)

/**
 * One placed resource link as a launch names it. Everything the educators'
 * view keeps is scoped by all four ids, so one course never reads another's.
 */
export interface PlacementScope {
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
}

/** A course member as the platform's Names and Role Provisioning Service reported them. */
export interface RosterMember {
  userId: string;
  name: string | null;
  email: string | null;
  /** Context role URIs (or short names) as sent. */
  roles: string[];
  status: 'Active' | 'Inactive' | 'Deleted';
}

/** The last roster fetched for a placement, and how the last attempt to fetch it went. */
export interface RosterSnapshot extends PlacementScope {
  members: RosterMember[];
  /** When `members` was fetched; null when no fetch has succeeded yet. */
  refreshedAt: number | null;
  /** The latest failed fetch, cleared by the next success. */
  failure: { at: number; reason: string } | null;
}

export interface RosterRepo {
  /** Replaces the placement's members and clears any recorded failure. */
  saveRoster(scope: PlacementScope, members: RosterMember[], refreshedAt: number): Promise<RosterSnapshot>;
  /** Records a failed fetch, keeping the members fetched before (none when there were none). */
  recordRosterFailure(scope: PlacementScope, reason: string, at: number): Promise<RosterSnapshot>;
  selectRoster(scope: PlacementScope): Promise<RosterSnapshot | null>;
}

/** A short message from an instructor to one learner of a placement, shown at the learner's next launch. */
export interface Note extends PlacementScope {
  id: string;
  /** The learner it is for. */
  userId: string;
  authorId: string;
  authorName: string | null;
  body: string;
  createdAt: number;
  /** When the learner was shown it; null until then. */
  readAt: number | null;
}

export type LearnerScope = PlacementScope & { userId: string };

export interface NoteRepo {
  insertNote(note: Omit<Note, 'readAt'>): Promise<Note>;
  /** Every note of one learner in the placement, newest first. */
  selectNotes(scope: LearnerScope): Promise<Note[]>;
  /** The learner's unread notes, oldest first. */
  selectUnreadNotes(scope: LearnerScope): Promise<Note[]>;
  /**
   * Marks those of `ids` that are the learner's and still unread; returns the
   * ids this call marked, so two concurrent launches never both claim a note.
   */
  markNotesRead(scope: LearnerScope, ids: readonly string[], at: number): Promise<string[]>;
}

// ---------------------------------------------------------------- the store

export interface Store
  extends PlatformRepo,
    LoginStateRepo,
    SessionRepo,
    RegistrationRepo,
    LtiDocRepo,
    ContentRepo,
    LearnerRepo,
    OutboxRepo,
    RosterRepo,
    NoteRepo {
  readonly kind: 'sqlite' | 'mongo';
  /** Resolves when the store answers a trivial query; used by /readyz. */
  ping(): Promise<void>;
  /** Removes every expired row (login states, sessions, ltijs documents). */
  sweepExpired(now: number): Promise<number>;
  close(): Promise<void>;
}

/** A unique constraint was violated (e.g. a platform registered twice). */
export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
