/**
 * Docker cannot run on these machines, so the deployment files are checked
 * against the app they deploy: the image runs only what `dependencies`
 * installs, every variable the files set is one the config reads, the
 * compose defaults make a valid config, and the health check and command
 * point at things that exist.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { loadConfig, productionProblems, type Config } from '../../server/config.js';
import { useTool } from '../helpers/hooks.js';
import { tempDir } from '../helpers/tool.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };

interface ComposeService {
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}
const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const dockerfile = read('Dockerfile');

/** `${NAME:-default}` as compose resolves it with NAME unset. */
function withDefaults(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]));
}

/** The names loadConfig looks up, whatever their values. */
function variablesTheConfigReads(): Set<string> {
  const names = new Set<string>();
  loadConfig(new Proxy({} as Record<string, string | undefined>, { get: (_t, name) => (names.add(String(name)), undefined) }));
  return names;
}

/** `ENV A=1 B=2` lines of the final stage. */
function dockerfileEnv(): Record<string, string> {
  const finalStage = dockerfile.split(/^FROM /m).at(-1) ?? '';
  const env: Record<string, string> = {};
  for (const line of finalStage.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const [k, v] = pair.split('=');
      if (k && v !== undefined) env[k] = v;
    }
  }
  return env;
}

/** Package names that server code imports at run time (type-only imports and the bundled player client excluded). */
function runtimeImports(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // esbuild bundles the player client into public/player.js at build time.
        if (entry.name !== 'player-client' && entry.name !== 'public') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/^import (?!type\b)[^;]*?from '([^'.][^']*)'|await import\('([^'.][^']*)'\)/gm)) {
          const spec = (m[1] ?? m[2])!;
          if (spec.startsWith('node:')) continue;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          found.set(name, path.relative(ROOT, full));
        }
      }
    }
  };
  walk(path.join(ROOT, 'server'));
  return found;
}

describe('deployment files (Dockerfile, docker-compose.yml)', () => {
  it('the image has every package the server imports: each is in dependencies, which `npm prune --omit=dev` keeps', () => {
    expect(dockerfile).to.match(/npm prune --omit=dev/);
    const imports = runtimeImports();
    expect(imports.size, 'the scan found the server’s imports').to.be.greaterThan(10);
    // Development builds the player client on demand (delivery/build-client.ts); production serves the committed bundle.
    const devOnly = new Set(['esbuild']);
    const missing = [...imports].filter(([name]) => !(name in pkg.dependencies) && !devOnly.has(name));
    expect(missing.map(([name, file]) => `${name} (imported by ${file})`)).to.deep.equal([]);
  });

  it('sets only variables the config reads, so a misspelt one cannot be silently ignored', () => {
    const known = variablesTheConfigReads();
    expect(known.has('MONGODB_URI')).to.equal(true);
    const set = [...Object.keys(dockerfileEnv()), ...Object.keys(compose.services.tool?.environment ?? {})];
    expect(set.length).to.be.greaterThan(5);
    expect(set.filter((name) => !known.has(name))).to.deep.equal([]);
  });

  it('compose’s defaults make a working development config on MongoDB, and production without secrets is refused', () => {
    const environment = withDefaults(compose.services.tool?.environment ?? {});
    const config: Config = loadConfig({ ...dockerfileEnv(), ...environment, DATA_DIR: tempDir() });
    expect(config.mode).to.equal('development');
    expect(config.mongodbUri).to.match(/^mongodb:\/\/mongo:27017\/.+replicaSet=rs0/);
    expect(config.devPlatform).to.equal(true);
    expect(config.host).to.equal('0.0.0.0');
    const production = loadConfig({ ...dockerfileEnv(), ...environment, NODE_ENV: 'production', DATA_DIR: tempDir() });
    expect(productionProblems(production).join('\n')).to.match(/ADMIN_TOKEN/).and.match(/DEV_PLATFORM/).and.match(/PUBLIC_URL/).and.match(/ENCRYPTION_KEY/);
  });

  it('keeps data in named volumes for both services and health-checks MongoDB before the tool starts', () => {
    const { mongo, tool } = compose.services;
    expect(mongo?.volumes).to.deep.equal(['mongo-data:/data/db']);
    expect(tool?.volumes).to.deep.equal([`tool-data:${dockerfileEnv().DATA_DIR}`]);
    expect(Object.keys(compose.volumes)).to.have.members(['mongo-data', 'tool-data']);
    expect(mongo?.healthcheck?.test.join(' ')).to.match(/rs\.initiate/);
    expect(read('docker-compose.yml')).to.match(/condition: service_healthy/);
  });

  it('runs the compiled entry point that `npm run build` produces', () => {
    expect(dockerfile).to.match(/CMD \["node", "dist\/server\/main\.js"\]/);
    expect(pkg.scripts['start:prod']).to.equal('node dist/server/main.js');
    expect(fs.existsSync(path.join(ROOT, 'server/main.ts'))).to.equal(true);
    const tsconfig = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect([tsconfig.compilerOptions.rootDir, tsconfig.compilerOptions.outDir]).to.deep.equal(['.', 'dist']);
  });

  it('leaves the local database, its encryption key and node_modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).to.include.members(['data', 'node_modules', '.git', 'dist']);
  });

  describe('the image’s health check', () => {
    const ctx = useTool();

    it('asks an endpoint that answers 200 when the store is ready', async () => {
      const target = /HEALTHCHECK[^\n]*fetch\('http:\/\/127\.0\.0\.1:3000(\/[a-z]+)'\)/.exec(dockerfile)?.[1];
      expect(target).to.equal('/readyz');
      const res = await fetch(`${ctx.tool.url}${target}`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.include({ status: 'ready' });
    });
  });
});
