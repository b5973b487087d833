/**
 * An activity's modality: authored, or implied by its kind. `visual` is never
 * implied; designers tag diagrams and manipulatives explicitly.
 */
import type { Activity, ActivityKind, Modality } from './types.js';

const MODALITY_OF_KIND: Readonly<Record<ActivityKind, Modality>> = {
  singleChoice: 'text',
  multipleChoice: 'text',
  numeric: 'text',
  shortText: 'text',
  reading: 'text',
  video: 'video',
  handsOn: 'hands-on',
  survey: 'text',
  diagnostic: 'text',
};

export function activityModality(activity: Activity): Modality {
  return activity.modality ?? MODALITY_OF_KIND[activity.kind];
}
