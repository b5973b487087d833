/**
 * Line items and the scores tools send to them. Every score received is kept
 * in arrival order, including those ignored for being older than the one on
 * record, so tests can assert exactly what a tool sent and when.
 */
export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number];
export type GradingProgress = (typeof GRADING_PROGRESS)[number];

export interface LineItemFields {
  label: string;
  scoreMaximum: number;
  resourceLinkId: string | null;
  resourceId: string | null;
  tag: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  gradesReleased: boolean | null;
}

export interface LineItem extends LineItemFields {
  /** Short id; the AGS id is the line item's URL (see PlatformUrls.lineItem). */
  id: string;
  courseId: string;
  /** Tools only see their own line items, as in production LMSs. */
  clientId: string;
}

export interface ScoreInput {
  userId: string;
  scoreGiven: number | null;
  scoreMaximum: number | null;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  /** ISO 8601 as sent by the tool. */
  timestamp: string;
  comment: string | null;
}

export interface ScoreRecord extends ScoreInput {
  /** 1 for the first score the platform received, then 2, 3... */
  sequence: number;
  lineItemId: string;
  courseId: string;
  clientId: string;
  receivedAt: string;
  /** False when ignored because a score with a later timestamp was already on record. */
  applied: boolean;
}

/** What tests and the UI may read. */
export interface GradebookView {
  lineItems(courseId?: string): LineItem[];
  lineItem(id: string): LineItem | undefined;
  /** Every score received, in arrival order, optionally filtered. */
  scores(filter?: { lineItemId?: string; userId?: string }): ScoreRecord[];
  /** The score currently on record for the user (the latest applied one). */
  latestScore(lineItemId: string, userId: string): ScoreRecord | undefined;
}

export class Gradebook implements GradebookView {
  readonly #lineItems = new Map<string, LineItem>();
  readonly #log: ScoreRecord[] = [];
  /** The applied score per line item and user: a tool posts often, and scanning the log for each score grew with the log. */
  readonly #onRecord = new Map<string, ScoreRecord>();
  #nextLineItemId = 1;

  lineItems(courseId?: string): LineItem[] {
    const all = [...this.#lineItems.values()];
    return courseId === undefined ? all : all.filter((li) => li.courseId === courseId);
  }

  lineItem(id: string): LineItem | undefined {
    return this.#lineItems.get(id);
  }

  scores(filter: { lineItemId?: string; userId?: string } = {}): ScoreRecord[] {
    return this.#log.filter(
      (s) => (filter.lineItemId === undefined || s.lineItemId === filter.lineItemId) && (filter.userId === undefined || s.userId === filter.userId),
    );
  }

  latestScore(lineItemId: string, userId: string): ScoreRecord | undefined {
    return this.#onRecord.get(recordKey(lineItemId, userId));
  }

  /** The score on record for each user who has one, in order of first score. */
  results(lineItemId: string): ScoreRecord[] {
    const users = new Set(this.scores({ lineItemId }).map((s) => s.userId));
    return [...users].flatMap((userId) => this.latestScore(lineItemId, userId) ?? []);
  }

  createLineItem(courseId: string, clientId: string, fields: LineItemFields): LineItem {
    const lineItem = Object.freeze({ ...fields, id: String(this.#nextLineItemId++), courseId, clientId });
    this.#lineItems.set(lineItem.id, lineItem);
    return lineItem;
  }

  updateLineItem(id: string, fields: LineItemFields): LineItem {
    const current = this.#lineItems.get(id);
    if (current === undefined) throw new Error(`No line item ${id}`);
    const updated = Object.freeze({ ...current, ...fields });
    this.#lineItems.set(id, updated);
    return updated;
  }

  /** Scores already received stay in the log: they were received. */
  deleteLineItem(id: string): void {
    this.#lineItems.delete(id);
  }

  /**
   * Records a score and applies it unless the score on record has a later
   * timestamp: AGS says the platform must not let an older update overwrite a
   * newer one, which happens when a tool's retries arrive out of order.
   */
  recordScore(lineItem: LineItem, input: ScoreInput): ScoreRecord {
    const onRecord = this.latestScore(lineItem.id, input.userId);
    const applied = onRecord === undefined || Date.parse(input.timestamp) >= Date.parse(onRecord.timestamp);
    const record: ScoreRecord = Object.freeze({
      ...input,
      sequence: this.#log.length + 1,
      lineItemId: lineItem.id,
      courseId: lineItem.courseId,
      clientId: lineItem.clientId,
      receivedAt: new Date().toISOString(),
      applied,
    });
    this.#log.push(record);
    if (applied) this.#onRecord.set(recordKey(lineItem.id, input.userId), record);
    return record;
  }
}

function recordKey(lineItemId: string, userId: string): string {
  return `${lineItemId}\u0000${userId}`;
}
