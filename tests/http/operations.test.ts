import { expect } from 'chai';
import { spawn } from 'node:child_process';
import request from 'supertest';
import { capturedLogger } from '../helpers/log-capture.js';
import { launchAs, startTestTool, tempDir } from '../helpers/tool.js';

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { PATH: process.env.PATH ?? '', DATA_DIR: tempDir('main-'), ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('operations', function () {
  this.timeout(40_000);

  it('/healthz says the process is up and /readyz that the store answers', async () => {
    const tool = await startTestTool();
    try {
      expect((await request(tool.url).get('/healthz')).body).to.deep.equal({ status: 'ok' });
      expect((await request(tool.url).get('/readyz')).body).to.deep.equal({ status: 'ready', store: 'sqlite' });
      await tool.store.close();
      const down = await request(tool.url).get('/readyz');
      expect(down.status).to.equal(503);
      expect(down.body.status).to.equal('unavailable');
    } finally {
      await tool.close().catch(() => undefined);
    }
  });

  it('logs one JSON line per request with a request id, and never a token', async () => {
    const { logger, lines } = capturedLogger();
    const tool = await startTestTool({}, { logger });
    try {
      const { token, landingUrl } = await launchAs(tool, 'learner-maya', 'link-fractions-add');
      await fetch(landingUrl, { headers: { 'x-request-id': 'trace-me-123' } });
      const all = lines.join('\n');
      expect(all).to.not.contain(token);
      expect(all).to.not.contain(new URL(landingUrl).searchParams.get('code')!);
      expect(all).to.not.match(/eyJ[A-Za-z0-9_-]{20,}\./);
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const traced = records.find((r) => r.requestId === 'trace-me-123');
      expect(traced).to.include({ method: 'GET', status: 200 });
      expect(String(traced!.url)).to.equal('/app?code=redacted');
    } finally {
      await tool.close();
    }
  });

  it('refuses to start in production with unsafe settings, naming each one', async () => {
    const { code, stderr } = await runMain({ NODE_ENV: 'production', DEV_PLATFORM: 'true', PUBLIC_URL: 'http://lti.example.edu' });
    expect(code).to.equal(1);
    expect(stderr).to.match(/Refusing to start in production/).and.match(/ADMIN_TOKEN/).and.match(/DEV_PLATFORM/).and.match(/not https/);
  });

  it('stops with the variable name and an example on malformed config', async () => {
    const { code, stderr } = await runMain({ PORT: 'eighty' });
    expect(code).to.equal(1);
    expect(stderr).to.match(/Configuration error: PORT must be a whole number.*Example: PORT=3000/);
  });
});
