/** The shapes the studio API returns; the platform id never leaves the server. */
import type { Sequence, SequenceVersion } from '../../store/types.js';

export interface SequenceView {
  id: string;
  title: string;
  draft: Sequence['draft'];
  createdAt: number;
  updatedAt: number;
}

export interface SequenceSummary {
  id: string;
  title: string;
  updatedAt: number;
  latestVersion: number | null;
}

/** A sequence out of the library, listed so it can be restored. */
export interface ArchivedSummary extends SequenceSummary {
  archivedAt: number;
}

export interface VersionSummary {
  version: number;
  publishedAt: number;
}

export function sequenceView(s: Sequence): SequenceView {
  return { id: s.id, title: s.title, draft: s.draft, createdAt: s.createdAt, updatedAt: s.updatedAt };
}

export function sequenceSummary(s: Sequence, latest: Pick<SequenceVersion, 'version'> | null): SequenceSummary {
  return { id: s.id, title: s.title, updatedAt: s.updatedAt, latestVersion: latest?.version ?? null };
}

export function versionSummary(v: Pick<SequenceVersion, 'version' | 'publishedAt'>): VersionSummary {
  return { version: v.version, publishedAt: v.publishedAt };
}
