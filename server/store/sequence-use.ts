/**
 * Both adapters answer selectSequenceUse from the same two reads (the links
 * placing the sequence, and learner counts per link); merging them here keeps
 * the two answers identical.
 */
import type { SequenceUse } from './types.js';

export interface PlacedLink {
  contextId: string;
  resourceLinkId: string;
  contextTitle: string | null;
  resourceLinkTitle: string | null;
}

export interface LearnersAt {
  contextId: string;
  resourceLinkId: string;
  learners: number;
}

const linkKey = (l: { contextId: string; resourceLinkId: string }) => `${l.contextId}\u0000${l.resourceLinkId}`;

/** `titlesOf` names a link that no longer places the sequence but still has its learners. */
export async function mergeSequenceUse(
  placed: readonly PlacedLink[],
  learners: readonly LearnersAt[],
  titlesOf: (contextId: string, resourceLinkId: string) => Promise<Pick<PlacedLink, 'contextTitle' | 'resourceLinkTitle'> | null>,
): Promise<SequenceUse[]> {
  const uses = new Map<string, SequenceUse>();
  // One link may be placed through several deployments of the platform; learners are not told apart by deployment.
  for (const p of placed) {
    const seen = uses.get(linkKey(p));
    uses.set(linkKey(p), {
      contextId: p.contextId,
      resourceLinkId: p.resourceLinkId,
      contextTitle: seen?.contextTitle ?? p.contextTitle,
      resourceLinkTitle: seen?.resourceLinkTitle ?? p.resourceLinkTitle,
      placed: true,
      learners: 0,
    });
  }
  for (const l of learners) {
    const seen = uses.get(linkKey(l));
    if (seen !== undefined) {
      seen.learners = l.learners;
      continue;
    }
    const titles = await titlesOf(l.contextId, l.resourceLinkId);
    uses.set(linkKey(l), { contextId: l.contextId, resourceLinkId: l.resourceLinkId, contextTitle: titles?.contextTitle ?? null, resourceLinkTitle: titles?.resourceLinkTitle ?? null, placed: false, learners: l.learners });
  }
  return [...uses.values()].sort((a, b) => a.contextId.localeCompare(b.contextId) || a.resourceLinkId.localeCompare(b.resourceLinkId));
}
