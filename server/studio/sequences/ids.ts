/**
 * Sequence ids: readable and unguessable enough. A slug of the title (so ids
 * in LMS custom parameters and logs say what they are) plus a short random
 * suffix (so two schools' "Fractions" never collide: ids are unique across
 * platforms in the store). Valid as authored ids too, since a sequence's
 * document carries its id.
 */
import crypto from 'node:crypto';

const SLUG_MAX = 40;
const SUFFIX_LENGTH = 6;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l: ids get read aloud and retyped

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  // Authored ids must start with a letter.
  return /^[a-z]/.test(slug) ? slug : `sequence${slug ? `-${slug}` : ''}`.slice(0, SLUG_MAX);
}

export function randomSuffix(): string {
  const bytes = crypto.randomBytes(SUFFIX_LENGTH);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function newSequenceId(title: string): string {
  return `${slugify(title)}-${randomSuffix()}`;
}
