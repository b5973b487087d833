/**
 * Reaching out: an instructor leaves a short note for one learner of the
 * placement; the learner sees it on their next launch, once.
 *
 * The learner's side is for the player (see server/views/class/note-banner.ejs):
 *
 *   const notes = await takeUnreadNotes(store, session, now());   // marks them read
 *   res.render('app/player', { ..., notes });                      // and in the page:
 *   <%- include('../class/note-banner', { notes }) %>
 *
 * Everything is scoped by the session, so a learner only ever sees notes
 * left for them in the placement they launched.
 */
import crypto from 'node:crypto';
import type { Note, NoteRepo, Session } from '../store/types.js';
import { learnerScope, placementScope } from './scope.js';

export const NOTE_MAX_CHARS = 500;

/** What the learner's page shows of a note: nothing about the course's other learners. */
export interface LearnerNote {
  id: string;
  body: string;
  authorName: string | null;
  createdAt: number;
}

export class NoteInvalid extends Error {
  override readonly name = 'NoteInvalid';
}

/**
 * Trims and checks a note's text: 1 to NOTE_MAX_CHARS characters, no control
 * characters but line breaks. Throws NoteInvalid with a sentence to show.
 */
export function validNoteBody(input: unknown): string {
  if (typeof input !== 'string') throw new NoteInvalid('Write a note first.');
  const body = input.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new NoteInvalid('Write a note first.');
  // Counted in characters a person sees, not UTF-16 units, so an emoji counts once.
  const length = [...body].length;
  if (length > NOTE_MAX_CHARS) throw new NoteInvalid(`Keep the note to ${NOTE_MAX_CHARS} characters (it has ${length}).`);
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(body)) throw new NoteInvalid('The note contains characters that cannot be shown.');
  return body;
}

/** Adds a note from the instructor of `instructor`'s launch to `userId` in the same placement. */
export async function addNote(store: Pick<NoteRepo, 'insertNote'>, instructor: Session, userId: string, body: unknown, now: number): Promise<Note> {
  return store.insertNote({
    ...learnerScope(placementScope(instructor), userId),
    id: crypto.randomUUID(),
    authorId: instructor.userId,
    authorName: instructor.userName,
    body: validNoteBody(body),
    createdAt: now,
  });
}

/** The instructor's view of what they sent one learner, newest first, with read receipts. */
export function notesFor(store: Pick<NoteRepo, 'selectNotes'>, instructor: Session, userId: string): Promise<Note[]> {
  return store.selectNotes(learnerScope(placementScope(instructor), userId));
}

/** The launched learner's unread notes, oldest first, without marking them. */
export async function selectUnreadNotes(store: Pick<NoteRepo, 'selectUnreadNotes'>, learner: Session): Promise<LearnerNote[]> {
  const notes = await store.selectUnreadNotes(learnerScope(placementScope(learner), learner.userId));
  return notes.map(toLearnerNote);
}

/** Marks the learner's notes read; returns the ids this call marked (a concurrent launch gets the others). */
export function markNotesRead(store: Pick<NoteRepo, 'markNotesRead'>, learner: Session, ids: readonly string[], now: number): Promise<string[]> {
  return store.markNotesRead(learnerScope(placementScope(learner), learner.userId), ids, now);
}

/**
 * Both at once, for a page about to show the notes: returns only the notes
 * this call marked read, so two tabs opening together show each note once.
 */
export async function takeUnreadNotes(store: Pick<NoteRepo, 'selectUnreadNotes' | 'markNotesRead'>, learner: Session, now: number): Promise<LearnerNote[]> {
  const unread = await selectUnreadNotes(store, learner);
  if (unread.length === 0) return [];
  const marked = new Set(await markNotesRead(store, learner, unread.map((n) => n.id), now));
  return unread.filter((n) => marked.has(n.id));
}

function toLearnerNote(n: Note): LearnerNote {
  return { id: n.id, body: n.body, authorName: n.authorName, createdAt: n.createdAt };
}
