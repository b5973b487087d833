/**
 * Designers' working copies: list (the library, or the archived ones),
 * create (blank, from a template, as a duplicate, or imported), read and
 * save, always within the session's platform (removal.ts removes and
 * restores them).
 *
 * Saving never refuses an invalid draft (work in progress must not be lost);
 * it returns the draft's issues instead. It does refuse a save based on a
 * stale copy: the client sends the `updatedAt` it last saw, and if someone
 * else saved since, the save answers 409 with what is stored now, so nobody's
 * work is overwritten silently.
 *
 * The check and the write are serialized per sequence within this process.
 * Several tool instances sharing one MongoDB could still interleave them; that
 * needs a compare-and-set on updatedAt in ContentRepo.updateSequenceDraft.
 */
import type { Issue } from '../../content/issues.js';
import { StoreConflictError, type ContentRepo, type JsonObject, type Sequence } from '../../store/types.js';
import { ApiRefusal } from '../http/errors.js';
import { newSequenceId } from './ids.js';
import { draftIssues } from './issues.js';
import { KeyedLock } from './lock.js';
import { ownedSequence, sequenceNotFound } from './owned.js';
import { templateDraft, type TemplateName } from './templates.js';
import { sequenceSummary, sequenceView, versionSummary, type ArchivedSummary, type SequenceSummary, type SequenceView, type VersionSummary } from './views.js';

export interface CreateInput {
  title: string;
  template?: TemplateName;
  duplicateOf?: string;
  draft?: JsonObject;
}

export interface SaveInput {
  title: string;
  draft: JsonObject;
  baseUpdatedAt: number;
}

/** A random suffix colliding twice in a row means something else is wrong. */
const ID_ATTEMPTS = 5;
/** The store stamps updatedAt with Date.now(); see untilClockPasses. */
const MAX_CLOCK_WAIT_MS = 20;

/** A sequence's name in the library, as the schema limits a document's title. */
export const MAX_TITLE = 200;

/** The library's name for a sequence; the full title stays in the draft, where its issue is listed. */
function recordTitle(title: string): string {
  const chars = [...title];
  return chars.length <= MAX_TITLE ? title : `${chars.slice(0, MAX_TITLE - 1).join('')}…`;
}

function matching(sequences: readonly Sequence[], query: string): Sequence[] {
  const needle = query.trim().toLowerCase();
  return sequences.filter((s) => needle === '' || s.title.toLowerCase().includes(needle) || s.id.toLowerCase().includes(needle));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two saves within one millisecond would get the same updatedAt, and a client
 * holding the first could then overwrite the second without a conflict. Saves
 * of one sequence are serialized, so waiting until the clock has moved past
 * the stored stamp makes every save's stamp unique.
 */
async function untilClockPasses(stamp: number): Promise<void> {
  const started = Date.now();
  while (Date.now() <= stamp && Date.now() - started < MAX_CLOCK_WAIT_MS) await sleep(1);
}

export class Drafts {
  readonly #saves = new KeyedLock();

  constructor(private readonly store: ContentRepo) {}

  async list(platformId: string, query = ''): Promise<SequenceSummary[]> {
    const summaries = await Promise.all(matching(await this.store.selectSequences(platformId), query).map((s) => this.summary(s)));
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt || a.title.localeCompare(b.title));
  }

  /** Most recently archived first, as the store lists them: the one just archived by mistake is on top. */
  async listArchived(platformId: string, query = ''): Promise<ArchivedSummary[]> {
    return Promise.all(
      matching(await this.store.selectArchivedSequences(platformId), query).map(async (s) => ({ ...(await this.summary(s)), archivedAt: s.archivedAt ?? 0 })),
    );
  }

  private async summary(s: Sequence): Promise<SequenceSummary> {
    return sequenceSummary(s, await this.store.selectLatestSequenceVersion(s.id));
  }

  async create(platformId: string, input: CreateInput): Promise<SequenceView> {
    const source = await this.sourceDraft(platformId, input);
    for (let attempt = 1; ; attempt++) {
      const id = newSequenceId(input.title);
      // The document carries the sequence's identity from the start (see issues.ts).
      const draft: JsonObject = { ...source, id, title: input.title };
      try {
        return sequenceView(await this.store.insertSequence({ id, platformId, title: input.title, draft }));
      } catch (err) {
        if (!(err instanceof StoreConflictError) || attempt >= ID_ATTEMPTS) throw err;
      }
    }
  }

  private async sourceDraft(platformId: string, input: CreateInput): Promise<JsonObject> {
    if (input.draft !== undefined) return input.draft;
    if (input.duplicateOf !== undefined) return structuredClone((await ownedSequence(this.store, platformId, input.duplicateOf)).draft);
    return templateDraft(input.template ?? 'blank');
  }

  async get(platformId: string, id: string): Promise<{ sequence: SequenceView; versions: VersionSummary[] }> {
    const sequence = await ownedSequence(this.store, platformId, id);
    const versions = await this.store.selectSequenceVersions(id);
    return { sequence: sequenceView(sequence), versions: versions.map(versionSummary) };
  }

  async save(platformId: string, id: string, input: SaveInput): Promise<{ sequence: SequenceView; issues: Issue[] }> {
    return this.#saves.run(id, async () => {
      const current = await ownedSequence(this.store, platformId, id);
      if (input.baseUpdatedAt !== current.updatedAt) {
        throw new ApiRefusal(409, 'SAVE_CONFLICT', 'Someone saved this sequence after you opened it. Reload it (or copy your changes) before saving again.', {
          current: { title: current.title, updatedAt: current.updatedAt },
        });
      }
      await untilClockPasses(current.updatedAt);
      const saved = await this.store.updateSequenceDraft(platformId, id, recordTitle(input.title), input.draft);
      if (!saved) throw sequenceNotFound(id);
      return { sequence: sequenceView(saved), issues: draftIssues(saved.draft, id) };
    });
  }
}
