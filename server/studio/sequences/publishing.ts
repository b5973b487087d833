/**
 * Publishing and published versions. A version is an immutable snapshot of a
 * draft that passed the same check the lint endpoint runs (issues.ts), plus a
 * trial run of simulated learners whose loops and dead ends come as more
 * warnings: errors block it, warnings need the designer's explicit
 * confirmation, and a draft equal to the latest version is refused (409
 * NOTHING_CHANGED). Learners stay
 * on the version they started (the player pins it), so publishing never
 * changes a path in progress.
 *
 * `check` says what publishing would do, as an answer rather than a refusal:
 * the studio asks it first, shows the warnings, and publishes what the
 * designer saw by naming that draft's `updatedAt` (a draft saved since is a
 * real conflict: 409 DRAFT_CHANGED).
 */
import type { Issue } from '../../content/issues.js';
import { HttpError } from '../../http/errors.js';
import type { ContentRepo, Json, JsonObject, Sequence } from '../../store/types.js';
import { diffJson, sameJson, type Change } from '../diff.js';
import { ApiRefusal, issuesRefusal } from '../http/errors.js';
import { draftIssues, hasErrors, hasWarnings, publishIssues } from './issues.js';
import { ownedSequence } from './owned.js';
import { versionSummary, type VersionSummary } from './views.js';

/** What a diff compares: a published version, or the current draft. */
export type DiffSide = number | 'draft';

const versionNotFound = (id: string, version: number) => new HttpError(404, 'VERSION_NOT_FOUND', `Sequence '${id}' has no version ${version}.`);

export type PublishOutcome = 'ready' | 'needs-confirmation' | 'blocked' | 'nothing-changed';

export interface PublishCheck {
  outcome: PublishOutcome;
  /** Every issue of the draft; only errors block. */
  issues: Issue[];
  /** The checked draft's; pass it to publish as baseUpdatedAt. */
  updatedAt: number;
  latestVersion: number | null;
}

export interface PublishOptions {
  confirmWarnings?: boolean;
  /** The updatedAt of the draft the designer reviewed; another one is refused. */
  baseUpdatedAt?: number;
}

export class Publishing {
  constructor(private readonly store: ContentRepo) {}

  async check(platformId: string, id: string): Promise<PublishCheck> {
    return this.#check(await ownedSequence(this.store, platformId, id));
  }

  async #check(sequence: Sequence): Promise<PublishCheck> {
    const latest = await this.store.selectLatestSequenceVersion(sequence.id);
    // A copy under a new number would pin new learners to "another" version that is not; it needs no trial run.
    const unchanged = latest ? sameJson(latest.content, sequence.draft) : false;
    const issues = unchanged ? draftIssues(sequence.draft, sequence.id) : publishIssues(sequence.draft, sequence.id);
    const outcome: PublishOutcome = unchanged ? 'nothing-changed' : hasErrors(issues) ? 'blocked' : hasWarnings(issues) ? 'needs-confirmation' : 'ready';
    return { outcome, issues, updatedAt: sequence.updatedAt, latestVersion: latest?.version ?? null };
  }

  async publish(platformId: string, id: string, options: PublishOptions = {}): Promise<VersionSummary> {
    const sequence = await ownedSequence(this.store, platformId, id);
    if (options.baseUpdatedAt !== undefined && options.baseUpdatedAt !== sequence.updatedAt) {
      throw new ApiRefusal(409, 'DRAFT_CHANGED', 'The draft was saved again after you checked it. Check it again before publishing.', { current: { updatedAt: sequence.updatedAt } });
    }
    const { outcome, issues, latestVersion } = await this.#check(sequence);
    if (outcome === 'nothing-changed') {
      throw new ApiRefusal(409, 'NOTHING_CHANGED', `Nothing has changed since version ${latestVersion}.`, { latestVersion });
    }
    if (outcome === 'blocked') {
      throw issuesRefusal(422, 'PUBLISH_BLOCKED', 'The draft has errors; fix them before publishing.', issues);
    }
    if (outcome === 'needs-confirmation' && options.confirmWarnings !== true) {
      throw issuesRefusal(409, 'PUBLISH_NEEDS_CONFIRMATION', 'The draft has warnings. Review them, then publish again with confirmWarnings: true.', issues);
    }
    return versionSummary(await this.store.insertSequenceVersion(id, sequence.draft));
  }

  async version(platformId: string, id: string, version: number): Promise<VersionSummary & { content: JsonObject }> {
    await ownedSequence(this.store, platformId, id);
    const found = await this.store.selectSequenceVersion(id, version);
    if (!found) throw versionNotFound(id, version);
    return { ...versionSummary(found), content: found.content };
  }

  async diff(platformId: string, id: string, from: DiffSide, to: DiffSide): Promise<Change[]> {
    const sequence = await ownedSequence(this.store, platformId, id);
    const side = async (v: DiffSide): Promise<Json> => {
      if (v === 'draft') return sequence.draft;
      const found = await this.store.selectSequenceVersion(id, v);
      if (!found) throw versionNotFound(id, v);
      return found.content;
    };
    return diffJson(await side(from), await side(to));
  }
}
