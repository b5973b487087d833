/**
 * ejs views, configured on every Express app that renders pages. The ltijs app
 * is mounted as a sub-app but sets its own `views` default, so it does not
 * inherit the parent's setting and must be configured too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';

export const VIEWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views');

export function configureViews(app: Express): void {
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Express caches compiled templates only when NODE_ENV=production; templates do
  // not change while the process runs (tsx does not watch), so cache them always.
  app.enable('view cache');
  // Templates include each other by absolute path from this root ('/partials/head'):
  // ejs resolves a relative include with a filesystem check on every render, which
  // showed in launch profiles, and an absolute one by string alone.
  app.set('view options', { root: VIEWS_DIR });
}
