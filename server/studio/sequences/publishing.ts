/**
 * Publishing and published versions. A version is an immutable snapshot of a
 * draft that passed the same check the lint endpoint runs (issues.ts): errors
 * block it, warnings need the designer's explicit confirmation, and a draft
 * equal to the latest version is refused (409 NOTHING_CHANGED). Learners stay
 * on the version they started (the player pins it), so publishing never
 * changes a path in progress.
 */
import { HttpError } from '../../http/errors.js';
import type { ContentRepo, Json, JsonObject } from '../../store/types.js';
import { diffJson, sameJson, type Change } from '../diff.js';
import { ApiRefusal, issuesRefusal } from '../http/errors.js';
import { draftIssues, hasErrors, hasWarnings } from './issues.js';
import { ownedSequence } from './owned.js';
import { versionSummary, type VersionSummary } from './views.js';

/** What a diff compares: a published version, or the current draft. */
export type DiffSide = number | 'draft';

const versionNotFound = (id: string, version: number) => new HttpError(404, 'VERSION_NOT_FOUND', `Sequence '${id}' has no version ${version}.`);

export class Publishing {
  constructor(private readonly store: ContentRepo) {}

  async publish(platformId: string, id: string, confirmWarnings: boolean): Promise<VersionSummary> {
    const { draft } = await ownedSequence(this.store, platformId, id);
    // A copy under a new number would pin new learners to "another" version that is not.
    const latest = await this.store.selectLatestSequenceVersion(id);
    if (latest && sameJson(latest.content, draft)) {
      throw new ApiRefusal(409, 'NOTHING_CHANGED', `Nothing has changed since version ${latest.version}.`, { latestVersion: latest.version });
    }
    const issues = draftIssues(draft, id);
    if (hasErrors(issues)) {
      throw issuesRefusal(422, 'PUBLISH_BLOCKED', 'The draft has errors; fix them before publishing.', issues);
    }
    if (hasWarnings(issues) && !confirmWarnings) {
      throw issuesRefusal(409, 'PUBLISH_NEEDS_CONFIRMATION', 'The draft has warnings. Review them, then publish again with confirmWarnings: true.', issues);
    }
    return versionSummary(await this.store.insertSequenceVersion(id, draft));
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
