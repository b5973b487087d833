import { Schema, type Connection } from 'mongoose';
import type {
  Attempt,
  Deployment,
  GradeJob,
  JsonObject,
  LearnerRecord,
  LoginState,
  Note,
  Placement,
  Platform,
  Sequence,
  SequenceVersion,
  Session,
} from '../types.js';

/*
 * Opaque JSON payloads (claims, drafts, learner state, responses...) are stored as
 * JSON strings: their field names come from LMSs and authors and may contain '.'
 * or start with '$', which MongoDB paths and mongoose's update casting interpret.
 * The store never queries inside them. ltijs documents are the exception: they are
 * queried by field, and ltijs names those fields itself.
 */

export interface RegistrationDoc {
  id: string;
  platformId: string;
  openidConfiguration: string;
  toolConfiguration: string;
  createdAt: number;
}
/** Dates, not numbers, where a TTL index removes expired documents. */
export type LoginStateDoc = Omit<LoginState, 'expiresAt'> & { expiresAt: Date };
export type SessionDoc = Omit<Session, 'claims' | 'expiresAt'> & { claims: string; expiresAt: Date };
export interface LtiDocDoc {
  // `collection` is reserved by mongoose.
  collectionName: string;
  doc: JsonObject;
  expiresAt: Date | null;
}
export type SequenceDoc = Omit<Sequence, 'draft'> & { draft: string };
export type VersionDoc = Omit<SequenceVersion, 'content'> & { content: string };
export type LearnerDoc = Omit<LearnerRecord, 'state'> & { state: string };
export type AttemptDoc = Omit<Attempt, 'response' | 'outcome'> & { response: string; outcome: string };
/** Members as a JSON string: their fields come from the LMS (see above). */
export interface RosterDoc {
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
  members: string;
  refreshedAt: number | null;
  failureAt: number | null;
  failureReason: string | null;
}
export type NoteDoc = Note;
/** lineItemUrl ?? lineItemsUrl as first enqueued: resolving the line item later must not split the job. */
export type GradeJobDoc = GradeJob & { lineItemKey: string };

// minimize: false keeps empty objects, which are data in ltijs documents and scores.
const options = { versionKey: false, minimize: false } as const;
// Strings are not `required`: mongoose's required check rejects '', and an empty title or label is valid.
const str = { type: String } as const;
const num = { type: Number, required: true } as const;
const nullableStr = { type: String, default: null } as const;
const nullableNum = { type: Number, default: null } as const;
const expiring = { type: Date, required: true } as const;
const ttl = { expireAfterSeconds: 0 } as const;

const platform = new Schema<Platform>(
  {
    id: str,
    issuer: str,
    clientId: str,
    name: str,
    authLoginUrl: str,
    authTokenUrl: str,
    authServer: nullableStr,
    jwksUrl: str,
    status: { type: String, required: true, enum: ['active', 'pending', 'disabled'] },
    source: { type: String, required: true, enum: ['cli', 'api', 'dynamic', 'dev'] },
    createdAt: num,
    updatedAt: num,
  },
  options,
);
platform.index({ id: 1 }, { unique: true });
platform.index({ issuer: 1, clientId: 1 }, { unique: true });

const deployment = new Schema<Deployment>({ platformId: str, deploymentId: str, createdAt: num }, options);
deployment.index({ platformId: 1, deploymentId: 1 }, { unique: true });

const registration = new Schema<RegistrationDoc>(
  { id: str, platformId: str, openidConfiguration: str, toolConfiguration: str, createdAt: num },
  options,
);
registration.index({ id: 1 }, { unique: true });
registration.index({ platformId: 1, createdAt: -1 });

const loginState = new Schema<LoginStateDoc>(
  { state: str, nonce: str, platformId: str, targetLinkUri: str, createdAt: num, expiresAt: expiring },
  options,
);
loginState.index({ state: 1 }, { unique: true });
loginState.index({ expiresAt: 1 }, ttl);

const session = new Schema<SessionDoc>(
  {
    id: str,
    platformId: str,
    deploymentId: str,
    contextId: str,
    contextTitle: nullableStr,
    resourceLinkId: str,
    resourceLinkTitle: nullableStr,
    userId: str,
    userName: nullableStr,
    userEmail: nullableStr,
    roles: { type: [String], required: true },
    messageType: str,
    claims: str,
    createdAt: num,
    expiresAt: expiring,
  },
  options,
);
session.index({ id: 1 }, { unique: true });
session.index({ expiresAt: 1 }, ttl);

// Typed loosely for the schema only: mongoose's inference recurses without end on the Json type.
const ltiDoc = new Schema<Omit<LtiDocDoc, 'doc'> & { doc: object }>(
  { collectionName: str, doc: { type: Schema.Types.Mixed, required: true }, expiresAt: { type: Date, default: null } },
  options,
);
ltiDoc.index({ collectionName: 1 });
// Documents with a null expiresAt are never touched by the TTL monitor.
ltiDoc.index({ expiresAt: 1 }, ttl);

const sequence = new Schema<SequenceDoc>(
  { id: str, platformId: str, title: str, draft: str, createdAt: num, updatedAt: num, archivedAt: nullableNum },
  options,
);
sequence.index({ id: 1 }, { unique: true });
sequence.index({ platformId: 1, createdAt: 1 });

const version = new Schema<VersionDoc>({ sequenceId: str, version: num, content: str, publishedAt: num }, options);
version.index({ sequenceId: 1, version: 1 }, { unique: true });

const placement = new Schema<Placement>(
  { platformId: str, deploymentId: str, contextId: str, resourceLinkId: str, sequenceId: str, contextTitle: nullableStr, resourceLinkTitle: nullableStr, createdAt: num },
  options,
);
placement.index({ platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1 }, { unique: true });
placement.index({ sequenceId: 1 });

const learnerKey = { platformId: str, contextId: str, resourceLinkId: str, userId: str };

const learner = new Schema<LearnerDoc>(
  { ...learnerKey, sequenceId: str, version: num, state: str, revision: num, createdAt: num, updatedAt: num },
  options,
);
learner.index({ platformId: 1, contextId: 1, resourceLinkId: 1, userId: 1 }, { unique: true });
// Where a sequence has learners: asked when a designer removes it.
learner.index({ platformId: 1, sequenceId: 1 });

const attempt = new Schema<AttemptDoc>(
  {
    ...learnerKey,
    id: str,
    idempotencyKey: str,
    activityId: str,
    response: str,
    correct: { type: Boolean, default: null },
    outcome: str,
    createdAt: num,
  },
  options,
);
attempt.index({ id: 1 }, { unique: true });
// The idempotency guarantee: one attempt per learner and key, whatever the race.
attempt.index({ platformId: 1, contextId: 1, resourceLinkId: 1, userId: 1, idempotencyKey: 1 }, { unique: true });
attempt.index({ platformId: 1, contextId: 1, resourceLinkId: 1, createdAt: 1, _id: 1 });
attempt.index({ platformId: 1, contextId: 1, resourceLinkId: 1, userId: 1, createdAt: 1, _id: 1 });

const gradeJob = new Schema<GradeJobDoc>(
  {
    id: str,
    platformId: str,
    lineItemKey: str,
    lineItemUrl: nullableStr,
    lineItemsUrl: nullableStr,
    resourceLinkId: str,
    userId: str,
    label: str,
    score: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: ['pending', 'sent', 'failed'] },
    generation: num,
    tries: num,
    nextAttemptAt: num,
    leaseUntil: num,
    lastError: nullableStr,
    updatedAt: num,
  },
  options,
);
gradeJob.index({ id: 1 }, { unique: true });
gradeJob.index({ platformId: 1, resourceLinkId: 1, userId: 1, lineItemKey: 1 }, { unique: true });
gradeJob.index({ status: 1, nextAttemptAt: 1 });

const placementScope = { platformId: str, deploymentId: str, contextId: str, resourceLinkId: str };

const roster = new Schema<RosterDoc>(
  { ...placementScope, members: str, refreshedAt: nullableNum, failureAt: nullableNum, failureReason: nullableStr },
  options,
);
roster.index({ platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1 }, { unique: true });

const note = new Schema<NoteDoc>(
  { ...placementScope, id: str, userId: str, authorId: str, authorName: nullableStr, body: str, createdAt: num, readAt: nullableNum },
  options,
);
note.index({ id: 1 }, { unique: true });
note.index({ platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1, userId: 1, createdAt: 1 });

/**
 * Collection names carry a prefix because ltijs keeps its own mongoose models
 * (platforms, nonces, ...) in the same database when both share a URI.
 */
export function defineModels(conn: Connection) {
  return {
    platforms: conn.model('Platform', platform, 'tool_platforms'),
    deployments: conn.model('Deployment', deployment, 'tool_deployments'),
    registrations: conn.model('Registration', registration, 'tool_registrations'),
    loginStates: conn.model('LoginState', loginState, 'tool_login_states'),
    sessions: conn.model('Session', session, 'tool_sessions'),
    ltiDocs: conn.model('LtiDoc', ltiDoc, 'tool_lti_docs'),
    sequences: conn.model('Sequence', sequence, 'tool_sequences'),
    versions: conn.model('SequenceVersion', version, 'tool_sequence_versions'),
    placements: conn.model('Placement', placement, 'tool_placements'),
    learners: conn.model('Learner', learner, 'tool_learners'),
    attempts: conn.model('Attempt', attempt, 'tool_attempts'),
    gradeJobs: conn.model('GradeJob', gradeJob, 'tool_grade_jobs'),
    rosters: conn.model('Roster', roster, 'tool_rosters'),
    notes: conn.model('Note', note, 'tool_notes'),
  };
}

export type Models = ReturnType<typeof defineModels>;
