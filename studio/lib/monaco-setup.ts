/**
 * Monaco, trimmed to what the studio uses: the editor core with its standard
 * contributions (find, folding, hover, suggest, bracket matching…) and the JSON
 * language. Only <ap-json-editor> imports this module.
 *
 * The sequence schema is bundled from schemas/sequence.schema.json (the one
 * source of truth, imported at build time) and handed to Monaco's JSON worker,
 * which then offers completion of property names and enum values, hover docs
 * and squiggles. Descriptions in the schema are Markdown (`code`, **bold**); the
 * worker renders `markdownDescription` as Markdown but escapes `description`,
 * so each description is copied to its Markdown twin here.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
// editor.all.js minus what JSON editing never uses (code lens, colour pickers, inlay
// hints, inline completions and edits, rename, semantic tokens, drag and drop…): the
// contributions below are the ones a designer reaches from the keyboard or the mouse.
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/caretOperations/browser/caretOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/fontZoom/browser/fontZoom.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/documentSymbols/browser/documentSymbols.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/lineSelection/browser/lineSelection.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/links/browser/links.js';
import 'monaco-editor/esm/vs/editor/contrib/longLinesHelper/browser/longLinesHelper.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/smartSelect/browser/smartSelect.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/tokenization/browser/tokenization.js';
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/esm/vs/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter.js';
import 'monaco-editor/esm/vs/editor/contrib/unusualLineTerminators/browser/unusualLineTerminators.js';
import 'monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/wordPartOperations/browser/wordPartOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/readOnlyMessage/browser/contribution.js';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js';
// Keyboard-only designers reach every command through F1 and Ctrl+G.
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneCommandsQuickAccess.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneHelpQuickAccess.js';
import 'monaco-editor/esm/vs/editor/standalone/browser/toggleHighContrast/toggleHighContrast.js';
import 'monaco-editor/esm/vs/language/json/monaco.contribution.js';
import schemaSource from '../../schemas/sequence.schema.json' with { type: 'json' };

export { monaco };

/** Where the bundled workers are: next to studio.js, on the tool's own origin. */
function workerBase(): string {
  const script = document.querySelector<HTMLScriptElement>('script[src*="studio.js"]');
  return script ? new URL('.', script.src).href : '/static/studio/';
}

const WORKERS: Record<string, string> = { json: 'json.worker.js' };

let configured = false;

/** Deep copy with `markdownDescription`/`markdownEnumDescriptions` added beside the plain ones. */
export function withMarkdownDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withMarkdownDescriptions);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = withMarkdownDescriptions(value);
  if (typeof out.description === 'string' && out.markdownDescription === undefined) out.markdownDescription = out.description;
  if (Array.isArray(out.enumDescriptions) && out.markdownEnumDescriptions === undefined) out.markdownEnumDescriptions = out.enumDescriptions;
  return out;
}

/**
 * Ready-made skeletons offered by completion (Ctrl+Space) where an activity, a
 * rule or a condition goes. Editor sugar only: they are added to the studio's
 * copy of the schema and validate against it like anything typed.
 */
const SNIPPETS: Record<string, ReadonlyArray<{ label: string; description: string; body: unknown }>> = {
  activity: [
    { label: 'Reading', description: 'Markdown text to read', body: { id: '${1:read-topic}', kind: 'reading', title: '${2:Title}', objectives: ['${3:objective}'], body: '${4:Text (Markdown)}' } },
    {
      label: 'Single-choice question',
      description: 'One correct choice among several',
      body: {
        id: '${1:q-topic}',
        kind: 'singleChoice',
        title: '${2:Title}',
        objectives: ['${3:objective}'],
        prompt: '${4:Question}',
        choices: [
          { id: 'a', text: '${5:Right answer}', correct: true },
          { id: 'b', text: '${6:Wrong answer}', feedback: '${7:Why it is wrong}' },
        ],
      },
    },
    { label: 'Numeric question', description: 'Answered with a number', body: { id: '${1:q-number}', kind: 'numeric', title: '${2:Title}', objectives: ['${3:objective}'], prompt: '${4:Question}', answer: 0, tolerance: 0 } },
    { label: 'Video', description: 'A video with its transcript', body: { id: '${1:video-topic}', kind: 'video', title: '${2:Title}', objectives: ['${3:objective}'], url: '/static/media/${4:clip}.mp4', transcript: '${5:Transcript}' } },
  ],
  rule: [
    {
      label: 'Rule: go to an activity',
      description: 'When a condition holds, show one activity',
      body: { id: '${1:rule-id}', priority: 50, description: '${2:Why, in words for the learner}', when: { fact: '${3:mastery}', path: '${4:objective}', operator: '${5:lessThan}', value: 0.5 }, then: { type: 'goTo', activity: '${6:activity-id}' } },
    },
    {
      label: 'Rule: offer a choice',
      description: 'Let the learner pick, recommended by preference',
      body: { id: '${1:rule-id}', priority: 50, when: { fact: 'mastery', path: '${2:objective}', operator: 'lessThan', value: 0.5 }, then: { type: 'offerChoice', options: ['${3:activity-a}', '${4:activity-b}'], recommendBy: 'modality' } },
    },
    { label: 'Default rule', description: 'Tried last, when nothing else holds', body: { id: '${1:otherwise}', default: true, then: { type: 'complete' } } },
  ],
  condition: [
    { label: 'Fact condition', description: 'Compare a fact with a value', body: { fact: '${1:mastery}', path: '${2:objective}', operator: '${3:lessThan}', value: 0.5 } },
    { label: 'all (every condition)', description: 'True when every condition holds', body: { all: [{ fact: '${1:mastery}', path: '${2:objective}', operator: 'lessThan', value: 0.5 }] } },
    { label: 'any (at least one)', description: 'True when one condition holds', body: { any: [{ fact: '${1:streak}', path: 'incorrect', operator: 'greaterThanInclusive', value: 2 }] } },
  ],
};

function withSnippets(source: unknown): unknown {
  const copy = source as { definitions: Record<string, Record<string, unknown>> };
  for (const [definition, snippets] of Object.entries(SNIPPETS)) {
    const target = copy.definitions[definition];
    if (target) target.defaultSnippets = snippets;
  }
  return copy;
}

export const SCHEMA_URI = schemaSource.$id;
const schema = withSnippets(withMarkdownDescriptions(schemaSource));

/** Model URIs of sequence documents; the schema is associated with them by this pattern. */
export function sequenceModelUri(key: string): monaco.Uri {
  return monaco.Uri.parse(`inmemory://studio/sequences/${encodeURIComponent(key)}.sequence.json`);
}

/** Extra URIs the schema answers to: documents' own `$schema` references. */
const aliases = new Set<string>();

function applySchemas(): void {
  monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    trailingCommas: 'error',
    // No fetching: the machines are offline and the studio ships the one schema that matters.
    enableSchemaRequest: false,
    schemaRequest: 'ignore',
    schemaValidation: 'error',
    schemas: [
      { uri: SCHEMA_URI, fileMatch: ['*.sequence.json'], schema },
      ...[...aliases].map((uri) => ({ uri, schema })),
    ],
  });
}

/**
 * A document's `"$schema"` overrides the file association in Monaco's worker,
 * and sample files point at the schema by a relative path for editors outside
 * the studio. Whatever it names, the studio validates against its own schema:
 * the worker resolves the reference against the model URI, and that resolved
 * URI is registered as another name of the schema.
 */
export function registerSchemaReference(modelUri: monaco.Uri, reference: unknown): void {
  if (typeof reference !== 'string' || !reference) return;
  let resolved: string;
  try {
    resolved = /^\w[\w\d+.-]*:/.test(reference) ? reference : new URL(reference, modelUri.toString(true)).href;
    resolved = monaco.Uri.parse(resolved).toString(true);
  } catch {
    return;
  }
  if (resolved === SCHEMA_URI || aliases.has(resolved)) return;
  aliases.add(resolved);
  applySchemas();
}

export function configureMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  const base = workerBase();
  self.MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      return new Worker(`${base}${WORKERS[label] ?? 'editor.worker.js'}`, { name: `monaco-${label}` });
    },
  };
  applySchemas();
  monaco.languages.json.jsonDefaults.setModeConfiguration({
    documentFormattingEdits: true,
    documentRangeFormattingEdits: true,
    completionItems: true,
    hovers: true,
    documentSymbols: true,
    tokens: true,
    colors: false,
    foldingRanges: true,
    diagnostics: true,
    selectionRanges: true,
  });
  return monaco;
}
