/**
 * Full LTI 1.3 launches per second through the built-in platform, as a browser
 * does them: platform launch start → tool login → platform authorization
 * (signs the id_token) → tool launch (validates, stores, opens the session) →
 * the first page. Five requests per launch, all against the real tool, which
 * runs in its own process (see processes.ts).
 */
import type { Agent } from 'node:http';
import { keepAliveAgent, runLoad, send, type LoadResult } from './load.js';
import { spawnTool, type ServerProcess } from './processes.js';

const USERS = ['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas'];

export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no ${name} in the platform's form_post page`);
  return m[1].replace(/&amp;/g, '&');
}

/** Platform launch start → tool login → the platform's form_post page; returns that page. */
export async function authorize(tool: ServerProcess, agent: Agent, userId: string, linkId: string): Promise<string> {
  const start = await send(agent, `${tool.url}/platform/launch?${new URLSearchParams({ user: userId, link: linkId })}`);
  if (start.status !== 302) throw new Error(`platform launch start answered ${start.status}`);
  const login = await send(agent, new URL(String(start.headers.location), tool.url).toString());
  if (login.status !== 302) throw new Error(`tool login answered ${login.status}`);
  const auth = await send(agent, String(login.headers.location));
  if (auth.status !== 200) throw new Error(`platform authorization answered ${auth.status}`);
  return auth.body;
}

/** Posts the id_token to the tool; returns the landing URL (it carries a two-minute page code). */
export async function postLaunch(tool: ServerProcess, agent: Agent, idToken: string, state: string): Promise<string> {
  const launch = await send(agent, `${tool.url}/lti/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id_token: idToken, state }).toString(),
  });
  if (launch.status !== 303 || !launch.headers.location) throw new Error(`launch answered ${launch.status}: ${launch.body.slice(0, 300)}`);
  return new URL(launch.headers.location, tool.url).toString();
}

export async function launchOnce(tool: ServerProcess, agent: Agent, userId: string): Promise<number> {
  const form = await authorize(tool, agent, userId, 'link-fractions-add');
  const landing = await postLaunch(tool, agent, hidden(form, 'id_token'), hidden(form, 'state'));
  const page = await send(agent, landing);
  if (page.status !== 200) throw new Error(`first page answered ${page.status}`);
  return 5;
}

export async function runLaunchBench(opts: { connections: number; durationMs: number }): Promise<LoadResult> {
  const tool = await spawnTool();
  const agent = keepAliveAgent(opts.connections);
  try {
    return await runLoad((w) => launchOnce(tool, agent, USERS[w % USERS.length]!), opts);
  } finally {
    agent.destroy();
    await tool.close();
  }
}
