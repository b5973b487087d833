/** Where the studio's placement page lives; /app sends Deep Linking launches here. */
export const PLACEMENT_PATH = '/studio/place';

export function placementPageUrl(token: string): string {
  return `${PLACEMENT_PATH}?s=${encodeURIComponent(token)}`;
}
