/**
 * A copy of the editor's text in localStorage, written as the designer types,
 * so a closed tab, a crash or a network outage never loses work silently: the
 * next time the sequence opens, a newer local copy is offered back. It is
 * cleared once the server holds the same text.
 */

export interface Backup {
  readonly text: string;
  readonly savedAt: number;
  /** The server version the text was based on. */
  readonly baseUpdatedAt: number | string;
}

const PREFIX = 'ap-studio:draft:';

function key(sequenceId: string): string {
  return `${PREFIX}${sequenceId}`;
}

export function readBackup(sequenceId: string): Backup | null {
  try {
    const raw = localStorage.getItem(key(sequenceId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Backup>;
    if (typeof value.text !== 'string' || typeof value.savedAt !== 'number') return null;
    return { text: value.text, savedAt: value.savedAt, baseUpdatedAt: value.baseUpdatedAt ?? 0 };
  } catch {
    return null;
  }
}

/** False when storage is unavailable or full; the caller then relies on the unload prompt alone. */
export function writeBackup(sequenceId: string, backup: Backup): boolean {
  try {
    localStorage.setItem(key(sequenceId), JSON.stringify(backup));
    return true;
  } catch {
    return false;
  }
}

export function clearBackup(sequenceId: string): void {
  try {
    localStorage.removeItem(key(sequenceId));
  } catch {
    // Storage disabled: nothing was written either.
  }
}
