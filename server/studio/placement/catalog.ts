/**
 * What an instructor can place through Deep Linking: the sequences of their
 * platform that have a published version, described by that version (the
 * title and description learners will see), optionally filtered by a search.
 */
import type { ContentRepo } from '../../store/types.js';

export interface PlaceableSequence {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly version: number;
  readonly publishedAt: number;
  /** What a search matches, lower-cased: titles (published and draft), id and description. */
  readonly searchText: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export async function placeableSequences(store: ContentRepo, platformId: string, query = ''): Promise<PlaceableSequence[]> {
  const needle = query.trim().toLowerCase();
  const found = await Promise.all(
    (await store.selectSequences(platformId)).map(async (sequence): Promise<PlaceableSequence | null> => {
      const latest = await store.selectLatestSequenceVersion(sequence.id);
      if (!latest) return null;
      const title = text(latest.content.title) ?? sequence.title;
      const description = text(latest.content.description);
      const searchText = `${title}\n${sequence.title}\n${sequence.id}\n${description ?? ''}`.toLowerCase();
      if (needle !== '' && !searchText.includes(needle)) return null;
      return { id: sequence.id, title, description, version: latest.version, publishedAt: latest.publishedAt, searchText };
    }),
  );
  return found.filter((s): s is PlaceableSequence => s !== null).sort((a, b) => a.title.localeCompare(b.title));
}
