/**
 * The one place the educators' view decides what it may read: the placement
 * of the instructor's own launch. Routes never take a course, link or
 * platform from the request, so guessing ids in a URL reaches nothing else.
 */
import type { LearnerKey, LearnerScope, PlacementScope } from '../store/types.js';

/** Copies the four ids only, so a session (or anything wider) never travels as a scope. */
export function placementScope(from: PlacementScope): PlacementScope {
  return { platformId: from.platformId, deploymentId: from.deploymentId, contextId: from.contextId, resourceLinkId: from.resourceLinkId };
}

/** Learner records and attempts are keyed without the deployment; the placement lookup has already checked it. */
export function learnerRecordScope(scope: PlacementScope): Omit<LearnerKey, 'userId'> {
  return { platformId: scope.platformId, contextId: scope.contextId, resourceLinkId: scope.resourceLinkId };
}

export function learnerScope(scope: PlacementScope, userId: string): LearnerScope {
  return { ...placementScope(scope), userId };
}
