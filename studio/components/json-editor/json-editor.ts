/**
 * <ap-json-editor>: the one place Monaco lives.
 *
 * Edits a sequence document as JSON with the sequence schema (completion,
 * hover docs, squiggles from Monaco's JSON worker) and shows the server's lint
 * issues as markers at their JSON pointers. The editor is created when the
 * element is first rendered and re-created if it is re-attached; everything it
 * owns (editor, model, listeners) is disposed in disconnectedCallback.
 *
 * Monaco's CSS is a document-level file (studio.css); the shadow root links it
 * so the editor renders inside the component. Fonts (the codicon icons) work
 * because the page loads the same file at document level.
 *
 * @event value-change - ValueChangeEvent on every edit, with the whole text.
 * @event diagnostics-change - DiagnosticsChangeEvent with Monaco's own JSON/schema diagnostics.
 * @event cursor-path - CursorPathEvent when the cursor enters another activity or rule.
 * @event save-request - SaveRequestEvent on Ctrl/Cmd+S.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Issue } from '../../lib/api.js';
import { CursorPathEvent, DiagnosticsChangeEvent, SaveRequestEvent, ValueChangeEvent, type EditorDiagnostic } from '../../lib/events.js';
import { isSyntaxProblem } from '../../lib/diagnostics.js';
import { LineIndex, locatePointer, pointerAt } from '../../lib/json-pointer.js';
import { configureMonaco, monaco, registerSchemaReference, sequenceModelUri } from '../../lib/monaco-setup.js';

const LINT_OWNER = 'ap-lint';

function stylesheetHref(): string {
  const link = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="studio.css"]');
  if (link) return link.href;
  const script = document.querySelector<HTMLScriptElement>('script[src*="studio.js"]');
  return script ? new URL('studio.css', script.src).href : '/static/studio/studio.css';
}

function severityOf(issue: Pick<Issue, 'severity'>): monaco.MarkerSeverity {
  return issue.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning;
}

@customElement('ap-json-editor')
export class JsonEditor extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 12rem;
      position: relative;
    }
    .editor {
      inset: 0;
      position: absolute;
    }
  `;

  /** The text. Setting it replaces the content as one undoable edit. */
  @property() accessor value = '';
  /** Identifies the document; a new key gives a new model (and undo history). */
  @property({ attribute: 'model-key' }) accessor modelKey = 'scratch';
  /** Accessible name of the editing area. */
  @property() accessor label = 'Sequence JSON';
  @property({ type: Boolean, attribute: 'read-only' }) accessor readOnly = false;
  /** Server lint issues for the current text, shown as markers. */
  @property({ attribute: false }) accessor issues: readonly Issue[] = [];

  private editor: monaco.editor.IStandaloneCodeEditor | null = null;
  private model: monaco.editor.ITextModel | null = null;
  private disposables: monaco.IDisposable[] = [];
  private modelDisposables: monaco.IDisposable[] = [];
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private lastCursorPath = '';
  /** True while the element itself writes the model, so that edit is not echoed as external. */
  private applying = false;

  override render() {
    return html`<link rel="stylesheet" href=${stylesheetHref()} /><div class="editor" part="editor"></div>`;
  }

  override firstUpdated(): void {
    this.createEditor();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect (e.g. moved in the DOM): build a fresh editor.
    if (this.hasUpdated && this.editor === null) this.createEditor();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyEditor();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.editor) return;
    if (changed.has('modelKey')) this.attachModel();
    else if (changed.has('value') && this.model && this.model.getValue() !== this.value) this.replaceText(this.value);
    if (changed.has('readOnly')) this.editor.updateOptions({ readOnly: this.readOnly });
    if (changed.has('label')) this.editor.updateOptions({ ariaLabel: this.label });
    if (changed.has('issues') || changed.has('modelKey') || changed.has('value')) this.applyLintMarkers();
  }

  /** Moves the cursor to the JSON pointer (or its nearest existing ancestor), selects it and focuses the editor. */
  revealPointer(pointer: string): boolean {
    if (!this.editor || !this.model) return false;
    const location = locatePointer(this.model.getValue(), pointer);
    if (!location) return false;
    const r = location.range;
    const range = new monaco.Range(r.startLineNumber, r.startColumn, r.endLineNumber, r.endColumn);
    this.editor.setSelection(range);
    this.editor.revealRangeInCenterIfOutsideViewport(range, monaco.editor.ScrollType.Smooth);
    this.editor.focus();
    return true;
  }

  /** Moves the cursor to a line and column (1-based) and focuses the editor. */
  revealPosition(line: number, column: number): void {
    if (!this.editor) return;
    const position = { lineNumber: line, column };
    this.editor.setPosition(position);
    this.editor.revealPositionInCenterIfOutsideViewport(position, monaco.editor.ScrollType.Smooth);
    this.editor.focus();
  }

  override focus(): void {
    this.editor?.focus();
  }

  /** Formats the document with Monaco's JSON formatter. */
  async format(): Promise<void> {
    await this.editor?.getAction('editor.action.formatDocument')?.run();
  }

  private createEditor(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.editor');
    if (!container) return;
    configureMonaco();
    this.editor = monaco.editor.create(container, {
      ariaLabel: this.label,
      automaticLayout: true,
      fontSize: 13,
      minimap: { enabled: false },
      readOnly: this.readOnly,
      scrollBeyondLastLine: false,
      tabSize: 2,
      wordWrap: 'on',
      wrappingIndent: 'indent',
      renderWhitespace: 'none',
      fixedOverflowWidgets: false,
      formatOnPaste: true,
      'semanticHighlighting.enabled': false,
      quickSuggestions: { strings: true, other: true, comments: false },
      scrollbar: { alwaysConsumeMouseWheel: false },
      // Sticky headers draw gaps next to wrapped lines (long Markdown strings): off.
      stickyScroll: { enabled: false },
      // Authored text is typographic (en dashes, curly quotes): boxing each as "ambiguous" is noise.
      // Invisible characters stay highlighted; they are the ones that hide mistakes.
      unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
    });
    this.disposables.push(
      this.editor.onDidChangeCursorPosition((e) => this.scheduleCursorPath(e.position)),
      monaco.editor.onDidChangeMarkers((uris) => {
        if (this.model && uris.some((u) => u.toString() === this.model?.uri.toString())) this.onMarkersChanged();
      }),
    );
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => this.dispatchEvent(new SaveRequestEvent()));
    this.attachModel();
  }

  private attachModel(): void {
    if (!this.editor) return;
    this.disposeModel();
    const uri = sequenceModelUri(this.modelKey);
    monaco.editor.getModel(uri)?.dispose();
    this.noteSchemaReference(uri, this.value);
    this.model = monaco.editor.createModel(this.value, 'json', uri);
    this.modelDisposables.push(
      this.model.onDidChangeContent(() => {
        if (!this.model) return;
        const text = this.model.getValue();
        this.value = text;
        this.noteSchemaReference(this.model.uri, text);
        if (!this.applying) this.dispatchEvent(new ValueChangeEvent(text));
      }),
    );
    this.editor.setModel(this.model);
    this.applyLintMarkers();
  }

  private replaceText(text: string): void {
    if (!this.editor || !this.model) return;
    this.applying = true;
    try {
      this.editor.pushUndoStop();
      this.editor.executeEdits('ap-json-editor', [{ range: this.model.getFullModelRange(), text }]);
      this.editor.pushUndoStop();
    } finally {
      this.applying = false;
    }
  }

  /** Cheap check for a top-level "$schema" so the worker validates against our schema whatever it names. */
  private noteSchemaReference(uri: monaco.Uri, text: string): void {
    const match = /^\s*\{\s*"\$schema"\s*:\s*"([^"\\]*)"/.exec(text);
    if (match) registerSchemaReference(uri, match[1]);
  }

  private applyLintMarkers(): void {
    if (!this.model) return;
    const text = this.model.getValue();
    const index = new LineIndex(text);
    // Monaco validates the same schema locally: where it already reports a problem on a line,
    // the server's schema issue on that line would only repeat it in the hover.
    const local = monaco.editor.getModelMarkers({ owner: 'json', resource: this.model.uri });
    const localLines = new Set(local.map((m) => m.startLineNumber));
    const markers: monaco.editor.IMarkerData[] = [];
    for (const issue of this.issues) {
      const location = locatePointer(text, issue.path, index);
      if (!location) continue;
      const r = location.range;
      if (issue.code.startsWith('schema.') && localLines.has(r.startLineNumber)) continue;
      markers.push({
        severity: severityOf(issue),
        message: location.exact ? issue.message : `${issue.message} (at ${issue.path})`,
        code: issue.code,
        source: 'lint',
        startLineNumber: r.startLineNumber,
        startColumn: r.startColumn,
        endLineNumber: r.endLineNumber,
        endColumn: Math.max(r.endColumn, r.startLineNumber === r.endLineNumber ? r.startColumn + 1 : r.endColumn),
      });
    }
    monaco.editor.setModelMarkers(this.model, LINT_OWNER, markers);
  }

  private onMarkersChanged(): void {
    if (!this.model) return;
    const local = monaco.editor.getModelMarkers({ owner: 'json', resource: this.model.uri });
    // While the text does not parse, the worker checks a tolerant parse: schema errors and
    // duplicate keys on places that are fine. Keep only the syntax errors, as the problem list
    // does. Replacing the markers comes back here as another change, with nothing left to drop.
    const syntaxError = (m: monaco.editor.IMarker) => m.severity === monaco.MarkerSeverity.Error && isSyntaxProblem(m);
    if (local.some(syntaxError) && !local.every(syntaxError)) {
      monaco.editor.setModelMarkers(this.model, 'json', local.filter(syntaxError));
      return;
    }
    const diagnostics: EditorDiagnostic[] = local.map((m) => ({
      severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
      path: '',
      message: m.message,
      code: typeof m.code === 'string' ? `json.${m.code}` : 'json',
      line: m.startLineNumber,
      column: m.startColumn,
      syntax: isSyntaxProblem(m),
    }));
    this.dispatchEvent(new DiagnosticsChangeEvent(diagnostics));
    // Keep the de-duplication above in step with Monaco's markers, which arrive asynchronously.
    if (this.issues.some((i) => i.code.startsWith('schema.'))) this.applyLintMarkers();
  }

  private scheduleCursorPath(position: monaco.Position): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      if (!this.model) return;
      const pointer = pointerAt(this.model.getValue(), this.model.getOffsetAt(position), 2);
      const path = /^\/(activities|rules)\/\d+$/.test(pointer) ? pointer : '';
      if (path !== this.lastCursorPath) {
        this.lastCursorPath = path;
        this.dispatchEvent(new CursorPathEvent(path));
      }
    }, 200);
  }

  private disposeModel(): void {
    for (const d of this.modelDisposables.splice(0)) d.dispose();
    if (this.model) monaco.editor.setModelMarkers(this.model, LINT_OWNER, []);
    this.model?.dispose();
    this.model = null;
  }

  private destroyEditor(): void {
    clearTimeout(this.cursorTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.editor?.dispose();
    this.editor = null;
    this.disposeModel();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-json-editor': JsonEditor;
  }
}
