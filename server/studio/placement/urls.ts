/** Where the studio's placement page lives; /app sends Deep Linking launches here. */
export const PLACEMENT_PATH = '/studio/place';
