/**
 * The studio's custom events, one class each, registered in HTMLElementEventMap
 * so `addEventListener('value-change', e => e.value)` is typed. They bubble and
 * cross shadow roots (composed) because components talk through their host
 * page, never by reaching into each other.
 */
import type { Issue } from './api.js';

const INIT = { bubbles: true, composed: true } as const;

/** The editor's text changed (every keystroke; listeners debounce). */
export class ValueChangeEvent extends Event {
  static readonly type = 'value-change';
  constructor(readonly value: string) {
    super(ValueChangeEvent.type, INIT);
  }
}

/**
 * Show this place of the document in the editor (from the graph, the issue
 * list, a diff): a JSON pointer, or a line and column for problems found before
 * the text parses.
 */
export class RevealPathEvent extends Event {
  static readonly type = 'reveal-path';
  constructor(
    readonly path: string,
    readonly position: { readonly line: number; readonly column: number } | null = null,
  ) {
    super(RevealPathEvent.type, INIT);
  }
}

/** The editor's own diagnostics (JSON syntax and schema) changed. */
export class DiagnosticsChangeEvent extends Event {
  static readonly type = 'diagnostics-change';
  constructor(readonly diagnostics: readonly EditorDiagnostic[]) {
    super(DiagnosticsChangeEvent.type, INIT);
  }
}

/** The cursor moved into another activity or rule (pointer like `/activities/3`, or '' elsewhere). */
export class CursorPathEvent extends Event {
  static readonly type = 'cursor-path';
  constructor(readonly path: string) {
    super(CursorPathEvent.type, INIT);
  }
}

/** Open a sequence in the workspace. */
export class SequenceOpenEvent extends Event {
  static readonly type = 'sequence-open';
  constructor(readonly id: string) {
    super(SequenceOpenEvent.type, INIT);
  }
}

/** An archived sequence is back in the library, which must list it again. */
export class SequenceRestoredEvent extends Event {
  static readonly type = 'sequence-restored';
  constructor(readonly id: string) {
    super(SequenceRestoredEvent.type, INIT);
  }
}

/** Something worth telling the designer briefly (saved, published, failed). */
export class NotifyEvent extends Event {
  static readonly type = 'notify';
  constructor(
    readonly message: string,
    readonly tone: 'info' | 'success' | 'error' = 'info',
  ) {
    super(NotifyEvent.type, INIT);
  }
}

/** A sequence was published; the version list and diff choices are stale. */
export class PublishedEvent extends Event {
  static readonly type = 'published';
  constructor(readonly version: number) {
    super(PublishedEvent.type, INIT);
  }
}

/**
 * A publish found the saved draft changed since the editor last saved it
 * (another tab, a colleague): the editor's copy is stale and must not be
 * published or saved over unseen.
 */
export class DraftStaleEvent extends Event {
  static readonly type = 'draft-stale';
  constructor() {
    super(DraftStaleEvent.type, INIT);
  }
}

/** The workspace switched tool panels (the app keeps it in the address). */
export class PanelChangeEvent extends Event {
  static readonly type = 'panel-change';
  constructor(readonly panel: string) {
    super(PanelChangeEvent.type, INIT);
  }
}

/** A dialog closed; `value` is the button's value ('' when dismissed). */
export class DialogCloseEvent extends Event {
  static readonly type = 'dialog-close';
  constructor(readonly value: string) {
    super(DialogCloseEvent.type, INIT);
  }
}

/** The designer asked to save now (Ctrl/Cmd+S in the editor). */
export class SaveRequestEvent extends Event {
  static readonly type = 'save-request';
  constructor() {
    super(SaveRequestEvent.type, INIT);
  }
}

/** A diagnostic the editor computed itself, in the server's Issue shape plus where it is. */
export interface EditorDiagnostic extends Issue {
  readonly line: number;
  readonly column: number;
  /** A JSON syntax error (the text does not parse), not a check of the schema (see lib/diagnostics.ts). */
  readonly syntax?: boolean;
}

declare global {
  interface HTMLElementEventMap {
    'value-change': ValueChangeEvent;
    'reveal-path': RevealPathEvent;
    'diagnostics-change': DiagnosticsChangeEvent;
    'cursor-path': CursorPathEvent;
    'sequence-open': SequenceOpenEvent;
    'sequence-restored': SequenceRestoredEvent;
    notify: NotifyEvent;
    published: PublishedEvent;
    'draft-stale': DraftStaleEvent;
    'dialog-close': DialogCloseEvent;
    'save-request': SaveRequestEvent;
    'panel-change': PanelChangeEvent;
  }
}
