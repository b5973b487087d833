import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SequenceDoc } from '../../../server/engine/index.js';

export const SAMPLE_NAMES = ['fractions', 'data-privacy'] as const;

export function loadSample(name: (typeof SAMPLE_NAMES)[number]): SequenceDoc {
  const url = new URL(`../../../server/content/samples/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as SequenceDoc;
}
