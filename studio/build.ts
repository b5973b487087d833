/**
 * Bundles the authoring studio into server/public/studio/ (gitignored), which
 * the tool serves under /static/studio/:
 *
 *   studio.js, studio.css   the Lit app with Monaco, its CSS and the codicon font
 *   editor.worker.js        Monaco's editor worker
 *   json.worker.js          Monaco's JSON language worker (schema validation, completion, hover)
 *   elk.worker.js           elkjs's layout engine, run off the main thread for the path graph
 *
 * Everything loads from the tool's own origin: the machines have no internet and
 * the CSP allows 'self' only. Workers are classic scripts (iife), so they need
 * neither module workers nor blob: URLs.
 *
 * `npm start` and `npm test` run this first (prestart/pretest), so it skips the
 * work when every output is newer than every input; STUDIO_BUILD=force rebuilds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'server', 'public', 'studio');
// esbuild hands plugins real paths: with node_modules a symlink (a git worktree sharing one install),
// the patches below would silently match nothing, and Monaco's styles would lose their CSP nonce.
const MONACO = fs.realpathSync(path.join(ROOT, 'node_modules', 'monaco-editor', 'esm', 'vs'));

const OUTPUTS = ['studio.js', 'studio.css', 'editor.worker.js', 'json.worker.js', 'elk.worker.js'];
/** What the bundles are made of; a change to any of them triggers a rebuild. */
const INPUTS = ['studio', 'schemas/sequence.schema.json', 'server/engine', 'package-lock.json'];

/** Newest modification time under `p` (files only), or 0 when it does not exist. */
function newest(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function upToDate(): boolean {
  const outputs = OUTPUTS.map((f) => path.join(OUT_DIR, f));
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  const oldestOutput = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  const newestInput = Math.max(...INPUTS.map((p) => newest(path.join(ROOT, p))));
  return newestInput < oldestOutput;
}

/**
 * Monaco creates <style> elements for its theme and widgets. The studio page's
 * CSP admits them only with the page's nonce, which Monaco 0.52 cannot be told
 * about, so the two places that create them are patched at bundle time to tag
 * each element through studio/lib/csp-nonce.ts. monaco-editor is pinned; the
 * build fails loudly if an upgrade moves the code.
 */
const STYLE_PATCHES: Record<string, string> = {
  [path.join(MONACO, 'base', 'browser', 'dom.js')]: "const style = document.createElement('style');",
  [path.join(MONACO, 'base', 'browser', 'ui', 'contextview', 'contextview.js')]: "const style = document.createElement('style');",
};

const nonceModule = path.join(ROOT, 'studio', 'lib', 'csp-nonce.ts').replace(/\\/g, '/');

export const monacoStyleNonce: esbuild.Plugin = {
  name: 'monaco-style-nonce',
  setup(build) {
    build.onLoad({ filter: /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]base[\\/]browser[\\/].*\.js$/ }, async (args) => {
      const needle = STYLE_PATCHES[args.path];
      if (needle === undefined) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(needle)) throw new Error(`monaco-style-nonce: '${needle}' not found in ${args.path}; re-check the patch for this Monaco version`);
      const patched = `import { tagStyleElement as __apTagStyle } from ${JSON.stringify(nonceModule)};\n${source.replaceAll(needle, `${needle} __apTagStyle(style);`)}`;
      return { contents: patched, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

export async function buildStudio(options: { force?: boolean; quiet?: boolean } = {}): Promise<'built' | 'up-to-date'> {
  if (!options.force && upToDate()) return 'up-to-date';
  const started = Date.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: ['chrome110', 'firefox115', 'safari16'],
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(ROOT, 'studio', 'main.ts')],
      outfile: path.join(OUT_DIR, 'studio.js'),
      format: 'iife',
      // Monaco's CSS lands in studio.css; its codicon font next to it.
      loader: { '.ttf': 'file' },
      assetNames: '[name]-[hash]',
      plugins: [monacoStyleNonce],
    }),
    esbuild.build({ ...common, entryPoints: [path.join(MONACO, 'editor', 'editor.worker.js')], outfile: path.join(OUT_DIR, 'editor.worker.js'), format: 'iife' }),
    esbuild.build({ ...common, entryPoints: [path.join(MONACO, 'language', 'json', 'json.worker.js')], outfile: path.join(OUT_DIR, 'json.worker.js'), format: 'iife' }),
    // Already a minified classic worker script: copied, not rebundled.
    fs.promises.copyFile(path.join(ROOT, 'node_modules', 'elkjs', 'lib', 'elk-worker.min.js'), path.join(OUT_DIR, 'elk.worker.js')),
  ]);
  if (!options.quiet) {
    const sizes = OUTPUTS.map((f) => `${f} ${(fs.statSync(path.join(OUT_DIR, f)).size / 1024).toFixed(0)} KB`).join(', ');
    console.log(`studio: built in ${Date.now() - started} ms (${sizes})`);
  }
  return 'built';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildStudio({ force: process.env.STUDIO_BUILD === 'force' || process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
