/**
 * Memory of the attempts export: a class of 50 learners gets N attempts in
 * the real tool's store (copies of a real learner's attempts, as the player
 * recorded them), an instructor downloads /class/export/attempts.csv over
 * HTTP through a deliberately slow reader (so backpressure is exercised), and
 * the heap and RSS are sampled throughout. Beside it, the baseline the
 * streaming design avoids: every attempt in an array, the CSV as one string.
 * Streaming should hold about the same whatever N; the baseline grows with it.
 *
 * Heap figures are cleaner with a collector to call:
 *   node --expose-gc --import tsx bench/export.ts
 * Figures are printed, never asserted.
 */
import crypto from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { attemptRows } from '../server/class/export.js';
import { csvRow } from '../server/class/csv.js';
import type { RunningServer } from '../server/server.js';
import type { Attempt, LearnerKey, LearnerRecord, Store } from '../server/store/types.js';
import { Learner, playToEnd } from '../tests/delivery/support/learner.js';
import { launchAs } from '../tests/helpers/tool.js';
import { sample } from '../tests/class/support.js';
import { startBenchTool } from './in-process.js';

export interface ExportFigure {
  attempts: number;
  rows: number;
  megabytes: number;
  seconds: number;
  /** Peak heapUsed above the heap before the download, garbage included. */
  streamedPeakHeapMb: number;
  /** Most heap the download kept alive at once (needs --expose-gc; null without). */
  streamedLiveHeapMb: number | null;
  streamedRssDeltaMb: number;
  /** The same two for the array-and-one-string baseline. */
  materializedPeakHeapMb: number;
  materializedLiveHeapMb: number | null;
}

export interface SeedTemplate {
  record: LearnerRecord;
  attempts: Attempt[];
}

/**
 * Gives `learners` synthetic learners of `scope` the template's state and
 * `perLearner` attempts each (the template's, cycled, with fresh ids and
 * times), committed through the store as the player commits them.
 */
export async function seedClassAttempts(store: Store, scope: Omit<LearnerKey, 'userId'>, template: SeedTemplate, learners: number, perLearner: number): Promise<void> {
  if (template.attempts.length === 0) throw new Error('the template learner has no attempts');
  const start = Date.now() - learners * perLearner;
  for (let i = 0; i < learners; i++) {
    const key = { ...scope, userId: `seeded-${String(i).padStart(5, '0')}` };
    let record = await store.ensureLearner(key, { sequenceId: template.record.sequenceId, version: template.record.version, state: template.record.state });
    for (let j = 0; j < perLearner; j++) {
      const like = template.attempts[j % template.attempts.length]!;
      const attempt = { id: crypto.randomUUID(), idempotencyKey: `seed-${j}`, activityId: like.activityId, response: like.response, correct: like.correct, outcome: like.outcome, createdAt: start + i * perLearner + j };
      const result = await store.commitLearner(key, record.revision, template.record.state, attempt);
      if (result.status !== 'committed') throw new Error(`seeding ${key.userId}: ${result.status}`);
      record = result.record;
    }
    // SQLite answers synchronously, so without this the loop would starve timers and sockets until seeding ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1_048_576;
}

/**
 * Samples the heap while `work` runs and returns the peaks above the heap
 * before it: `peakMb` as the heap stood (garbage included), and, when a
 * collector can be called, `liveMb`, the most the work kept alive at once.
 */
async function peakHeapDuring<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; liveMb: number | null; rssDeltaMb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = heapMb();
  const rss = process.memoryUsage().rss;
  let peak = base;
  let live = base;
  let peakRss = rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, heapMb());
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  // A full collection every 50 ms leaves only what the export holds on to.
  const collector = gc === undefined ? undefined : setInterval(() => {
    gc();
    live = Math.max(live, heapMb());
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, heapMb());
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, peakMb: peak - base, liveMb: gc === undefined ? null : live - base, rssDeltaMb: (peakRss - rss) / 1_048_576 };
  } finally {
    clearInterval(sampler);
    if (collector) clearInterval(collector);
  }
}

/** Downloads the export reading a chunk at a time with a pause between, as a slow client would. */
/** Exports are forms that post the session (it never travels in a URL). */
async function download(url: string, token: string): Promise<{ bytes: number; rows: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/csv', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _s: token }).toString(),
  });
  if (res.status !== 200 || res.body === null) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let rows = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 0x0a) rows += 1;
    await delay(1);
  }
  return { bytes, rows };
}

/** The baseline: every attempt in one array, the whole CSV in one string. Returns what it holds, so it can be measured. */
async function materialize(store: Store, scope: Omit<LearnerKey, 'userId'>, learners: LearnerRecord[]): Promise<{ attempts: Attempt[]; csv: string }> {
  const attempts: Attempt[] = [];
  for (const l of learners) attempts.push(...(await store.selectAttempts({ ...scope, userId: l.userId })));
  let csv = '';
  const rows = attemptRows(
    (async function* () {
      yield* attempts;
    })(),
    { name: (id) => id, compiled: () => null },
  );
  for await (const row of rows) csv += csvRow(row);
  return { attempts, csv };
}

/** Heap the baseline holds once built (after a collection), and its peak on the way, garbage included. */
async function measureMaterialized(store: Store, scope: Omit<LearnerKey, 'userId'>, learners: LearnerRecord[]): Promise<{ liveMb: number | null; peakMb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = heapMb();
  const held = await materialize(store, scope, learners);
  const peakMb = heapMb() - base;
  gc?.();
  const liveMb = gc === undefined ? null : heapMb() - base;
  if (held.csv.length === 0) throw new Error('the baseline built nothing');
  return { liveMb, peakMb };
}

const CLASS_SIZE = 50;

export async function runExportBench(opts: { sizes?: number[] } = {}): Promise<ExportFigure[]> {
  const sizes = opts.sizes ?? [5_000, 50_000];
  const figures: ExportFigure[] = [];
  for (const size of sizes) figures.push(await oneSize(size));
  return figures;
}

async function oneSize(attempts: number): Promise<ExportFigure> {
  const tool: RunningServer = await startBenchTool();
  try {
    const maya = await Learner.launch(tool, 'learner-maya');
    await playToEnd(maya, sample('fractions'));
    const key = await maya.key();
    const scope = { platformId: key.platformId, contextId: key.contextId, resourceLinkId: key.resourceLinkId };
    // A fixed class of 50: more attempts means a longer history, not more learners, so only the attempts' cost varies.
    const perLearner = Math.ceil(attempts / CLASS_SIZE);
    await seedClassAttempts(tool.store, scope, { record: await maya.record(), attempts: await maya.attempts() }, CLASS_SIZE, perLearner);
    const total = (await maya.attempts()).length + CLASS_SIZE * perLearner;

    const { token } = await launchAs(tool, 'instructor-rivera', 'link-fractions-add');
    const url = `${tool.url}/class/export/attempts.csv`;
    // Timed on its own: the measured pass below forces collections, which slows it.
    const started = process.hrtime.bigint();
    await download(url, token);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const streamed = await peakHeapDuring(() => download(url, token));
    const learners = await tool.store.selectLearners(scope);
    const materialized = await measureMaterialized(tool.store, scope, learners);
    return {
      attempts: total,
      rows: streamed.result.rows - 1,
      megabytes: streamed.result.bytes / 1_048_576,
      seconds,
      streamedPeakHeapMb: streamed.peakMb,
      streamedLiveHeapMb: streamed.liveMb,
      streamedRssDeltaMb: streamed.rssDeltaMb,
      materializedPeakHeapMb: materialized.peakMb,
      materializedLiveHeapMb: materialized.liveMb,
    };
  } finally {
    await tool.close();
  }
}

export function printExportBench(figures: ExportFigure[]): void {
  const mb = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)} MB`);
  console.log('Attempts export (/class/export/attempts.csv), streamed to a slow reader, vs. loading everything first');
  console.table(
    figures.map((f) => ({
      attempts: f.attempts,
      'rows received': f.rows,
      'CSV size': mb(f.megabytes),
      seconds: f.seconds.toFixed(2),
      'streamed: live heap Δ': mb(f.streamedLiveHeapMb),
      'streamed: heap Δ incl. garbage': mb(f.streamedPeakHeapMb),
      'streamed: peak RSS Δ': mb(f.streamedRssDeltaMb),
      'all in memory: live heap Δ': mb(f.materializedLiveHeapMb),
      'all in memory: heap Δ incl. garbage': mb(f.materializedPeakHeapMb),
    })),
  );
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc --import tsx bench/export.ts for steadier heap figures)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runExportBench()
    .then(printExportBench)
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
