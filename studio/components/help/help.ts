/**
 * <ap-help>: how the rule language works, with examples that run.
 *
 * The prose is written for designers; the lists of facts, operators and actions
 * are read from the sequence schema (the one source of truth), so they can
 * never drift from what the editor accepts. Each example can be edited and
 * run with the engine's own `decide` ("Try it"), which shows the step chosen
 * and the trace of every rule tried; "Open as a sequence" copies it into a new
 * draft to experiment with in the full editor.
 *
 * @event sequence-open - SequenceOpenEvent after "Open as a sequence" created one.
 * @event notify - NotifyEvent when that fails.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RuleOutcome, Step } from '../../../server/engine/index.js';
import schema from '../../../schemas/sequence.schema.json' with { type: 'json' };
import type { StudioApi } from '../../lib/api.js';
import { NotifyEvent, SequenceOpenEvent } from '../../lib/events.js';
import { runTrial, type Trial } from '../../lib/rule-trial.js';
import { shared } from '../../styles/shared.js';
import { BASE, EXAMPLES, type Example } from './examples.js';

const defs = schema.definitions;

function pairs(values: readonly string[], descriptions: readonly string[]): Array<[string, string]> {
  return values.map((v, i) => [v, descriptions[i] ?? '']);
}

const FACTS = pairs(defs.factName.enum, defs.factName.enumDescriptions);
const OPERATORS = pairs(defs.operator.enum, defs.operator.enumDescriptions);
const ACTIONS = pairs(defs.actionType.enum, defs.actionType.enumDescriptions);

const OUTCOMES: Record<RuleOutcome, string> = {
  fired: 'decided',
  noMatch: 'condition false',
  unavailable: 'held, but had nothing to offer',
  guarded: 'held, but the loop guard refused its activity',
};

interface Run {
  readonly trial: Trial | null;
  readonly error: string;
}

/** `code` spans in schema descriptions, rendered as <code>. */
function inlineCode(text: string) {
  return text.split(/(`[^`]+`)/).map((part) => (part.startsWith('`') && part.endsWith('`') ? html`<code>${part.slice(1, -1)}</code>` : part));
}

@customElement('ap-help')
export class Help extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin: 0 auto;
        max-width: 60rem;
        padding: 1rem 1.5rem 3rem;
      }
      :host([compact]) {
        padding: 0.75rem 1rem 2rem;
      }
      h1 {
        font-size: 1.35rem;
      }
      h2 {
        border-top: 1px solid var(--ap-border);
        margin-top: 1.5rem;
        padding-top: 1rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        padding: 0;
      }
      a {
        color: var(--ap-accent-strong);
      }
      dl {
        display: grid;
        gap: 0.3rem 1rem;
        grid-template-columns: max-content 1fr;
        margin: 0;
      }
      dt code {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      ol.order li {
        margin-bottom: 0.3rem;
      }
      .example {
        border: 1px solid var(--ap-border);
        border-radius: 0.6rem;
        margin: 1rem 0;
        padding: 0.75rem 0.9rem;
      }
      .example h3 {
        margin-bottom: 0.25rem;
      }
      .editors {
        display: grid;
        gap: 0.6rem;
        grid-template-columns: 3fr 2fr;
        margin: 0.5rem 0;
      }
      :host([compact]) .editors {
        grid-template-columns: 1fr;
      }
      textarea {
        min-height: 11rem;
        resize: vertical;
        width: 100%;
      }
      .result {
        background: #f7f8fb;
        border-radius: var(--ap-radius);
        margin-top: 0.5rem;
        padding: 0.5rem 0.7rem;
      }
      .result table {
        border-collapse: collapse;
        margin-top: 0.4rem;
        width: 100%;
      }
      .result td,
      .result th {
        border-bottom: 1px solid var(--ap-border);
        font-size: 0.85rem;
        padding: 0.2rem 0.4rem;
        text-align: left;
      }
      tr.fired td {
        color: var(--ap-good);
        font-weight: 600;
      }
      @media (max-width: 48rem) {
        .editors {
          grid-template-columns: 1fr;
        }
        dl {
          grid-template-columns: 1fr;
        }
        dd {
          margin-bottom: 0.4rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  /** Inside the workspace's side panel: single column, no page title. */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  @state() private accessor runs = new Map<string, Run>();
  @state() private accessor opening = '';

  private read(example: Example): { rules: unknown; learner: unknown } | { error: string } {
    const area = (name: string) => this.renderRoot.querySelector<HTMLTextAreaElement>(`#${example.id}-${name}`)?.value ?? '';
    try {
      return { rules: JSON.parse(area('rules')), learner: JSON.parse(area('learner')) };
    } catch (error) {
      return { error: `Not valid JSON: ${(error as Error).message}` };
    }
  }

  private tryIt(example: Example): void {
    const input = this.read(example);
    let run: Run;
    if ('error' in input) run = { trial: null, error: input.error };
    else {
      try {
        run = { trial: runTrial(BASE, input.rules, input.learner), error: '' };
      } catch (error) {
        run = { trial: null, error: (error as Error).message };
      }
    }
    this.runs = new Map(this.runs).set(example.id, run);
  }

  private reset(example: Example): void {
    const set = (name: string, value: unknown) => {
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>(`#${example.id}-${name}`);
      if (area) area.value = JSON.stringify(value, null, 2);
    };
    set('rules', example.rules);
    set('learner', example.learner);
    const runs = new Map(this.runs);
    runs.delete(example.id);
    this.runs = runs;
  }

  private async openAsSequence(example: Example): Promise<void> {
    if (!this.api) return;
    const input = this.read(example);
    if ('error' in input) {
      this.runs = new Map(this.runs).set(example.id, { trial: null, error: input.error });
      return;
    }
    this.opening = example.id;
    try {
      const title = `Example: ${example.title}`;
      const { sequence } = await this.api.createSequence({ title, draft: { ...BASE, id: `example-${example.id}`, title, rules: input.rules } });
      this.dispatchEvent(new SequenceOpenEvent(sequence.id));
    } catch (error) {
      this.dispatchEvent(new NotifyEvent(`Could not create the example sequence: ${(error as Error).message}`, 'error'));
    } finally {
      this.opening = '';
    }
  }

  override render() {
    return html`
      ${this.compact ? html`<h2 class="first">The rule language</h2>` : html`<h1>The rule language</h1>`}
      <p>
        A sequence decides what each learner does next with <strong>rules</strong>. A rule says <em>when</em> (a condition on facts about the learner) and
        <em>then</em> (an action: show an activity, offer a choice, show a message, pick from a pool, review, or complete).
      </p>
      <nav aria-label="On this page">
        <ul>
          <li><a href="#order" @click=${this.jump}>How a step is chosen</a></li>
          <li><a href="#facts" @click=${this.jump}>Facts</a></li>
          <li><a href="#operators" @click=${this.jump}>Operators</a></li>
          <li><a href="#actions" @click=${this.jump}>Actions</a></li>
          <li><a href="#examples" @click=${this.jump}>Examples to try</a></li>
        </ul>
      </nav>

      <h2 id="order">How a step is chosen</h2>
      <ol class="order">
        <li><strong>Start steps first.</strong> If <code>start.survey</code> or <code>start.diagnostic</code> is set, the learner answers those before any rule runs.</li>
        <li><strong>Completion.</strong> When every required objective is mastered (<code>completion</code>), or <code>completion.maxSteps</code> is reached, the sequence ends.</li>
        <li>
          <strong>Rules by priority.</strong> Rules are tried from the highest <code>priority</code> down; rules with equal priority in the order they appear. The first rule whose
          <code>when</code> holds <em>and</em> whose action can produce a step decides. A pool with nothing left unseen, for example, lets the next rule try.
        </li>
        <li><strong>Messages add up.</strong> A <code>showFeedback</code> without <code>then</code> keeps its message and lets the next matching rule choose the step; the learner sees both.</li>
        <li><strong>The default rule</strong> (<code>"default": true</code>, no <code>when</code>, no <code>priority</code>) is tried last. Every sequence has exactly one.</li>
        <li>
          <strong>The loop guard.</strong> An activity shown too often without any change in mastery (<code>guard.maxRevisits</code>) is refused and the next rule is tried; after
          <code>guard.maxSteps</code> steps the sequence ends. Learners never loop forever.
        </li>
      </ol>
      <p>Each rule's <code>description</code> is shown to the learner with the step it chose ("Because you like videos…"), so write it for them.</p>

      <h2 id="facts">Facts</h2>
      <p>
        A condition reads one fact, with a <code>path</code> for facts that hold several values: <code>{"fact": "mastery", "path": "add", "operator": "lessThan", "value": 0.5}</code>.
      </p>
      <dl>${FACTS.map(([name, text]) => html`<dt><code>${name}</code></dt><dd>${inlineCode(text)}</dd>`)}</dl>
      <p class="small muted">Combine conditions with <code>{"all": […]}</code> (every one), <code>{"any": […]}</code> (at least one) and <code>{"not": {…}}</code>.</p>

      <h2 id="operators">Operators</h2>
      <p>A comparison with the wrong kind of value is simply false: a rule never crashes on a learner.</p>
      <dl>${OPERATORS.map(([name, text]) => html`<dt><code>${name}</code></dt><dd>${inlineCode(text)}</dd>`)}</dl>

      <h2 id="actions">Actions</h2>
      <dl>${ACTIONS.map(([name, text]) => html`<dt><code>${name}</code></dt><dd>${inlineCode(text)}</dd>`)}</dl>

      <h2 id="examples">Examples to try</h2>
      <p>
        Each example runs in a small sequence with objectives <code>add</code> and <code>compare</code> and activities <code>q-add</code>, <code>q-add-2</code>, <code>read-add</code>,
        <code>video-add</code> and <code>q-compare</code>. Edit the rules or the learner, then <strong>Try it</strong> to see which rule decides and why.
      </p>
      ${EXAMPLES.map((e) => this.renderExample(e))}
    `;
  }

  /** In-page links inside a shadow root: scroll to the target instead of changing the route. */
  private jump(event: Event): void {
    event.preventDefault();
    const id = (event.currentTarget as HTMLAnchorElement).getAttribute('href')?.slice(1) ?? '';
    const target = this.renderRoot.querySelector<HTMLElement>(`#${id}`);
    target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    target?.setAttribute('tabindex', '-1');
    target?.focus({ preventScroll: true });
  }

  private renderExample(example: Example) {
    const run = this.runs.get(example.id);
    return html`<section class="example" aria-labelledby="${example.id}-h" data-testid="example-${example.id}">
      <h3 id="${example.id}-h">${example.title}</h3>
      <p class="small">${example.lesson}</p>
      <div class="editors">
        <div class="field">
          <label for="${example.id}-rules">Rules</label>
          <textarea id="${example.id}-rules" spellcheck="false" .value=${JSON.stringify(example.rules, null, 2)}></textarea>
        </div>
        <div class="field">
          <label for="${example.id}-learner">Learner</label>
          <textarea id="${example.id}-learner" spellcheck="false" .value=${JSON.stringify(example.learner, null, 2)}></textarea>
        </div>
      </div>
      <div class="row">
        <button class="primary" type="button" @click=${() => this.tryIt(example)}>Try it</button>
        <button type="button" @click=${() => this.reset(example)}>Reset</button>
        ${this.api ? html`<button type="button" @click=${() => this.openAsSequence(example)} ?disabled=${this.opening !== ''}>Open as a sequence</button>` : nothing}
      </div>
      ${run ? this.renderRun(run) : nothing}
    </section>`;
  }

  private renderRun(run: Run) {
    if (!run.trial) return html`<div class="result notice bad" role="alert">${run.error}</div>`;
    const { decision } = run.trial;
    return html`<div class="result" role="status" data-testid="trial-result">
      <p><strong>Next step:</strong> ${describeStep(decision.step)}</p>
      ${decision.step.type !== 'feedback' && 'why' in decision.step && decision.step.why ? html`<p class="small">Shown to the learner: “${decision.step.why}”</p>` : nothing}
      <table>
        <caption class="visually-hidden">Rules tried, in order</caption>
        <thead>
          <tr><th scope="col">Rule tried</th><th scope="col">Outcome</th></tr>
        </thead>
        <tbody>
          ${decision.trace.map((t) => html`<tr class=${t.outcome}><td><code>${t.ruleId}</code></td><td>${OUTCOMES[t.outcome]}</td></tr>`)}
        </tbody>
      </table>
    </div>`;
  }
}

function activityTitle(id: string): string {
  const activities = Array.isArray(BASE.activities) ? (BASE.activities as Array<{ id: string; title: string }>) : [];
  const a = activities.find((x) => x.id === id);
  return a ? `“${a.title}” (${id})` : id;
}

function describeStep(step: Step): string {
  switch (step.type) {
    case 'activity':
      return `show ${activityTitle(step.activityId)}, chosen by ${step.ruleId}`;
    case 'choice':
      return `let the learner choose among ${step.options.map(activityTitle).join(', ')}${step.recommended ? `; recommended: ${step.recommended}` : ''} (rule ${step.ruleId})`;
    case 'complete':
      return `complete the sequence (${step.reason}, rule ${step.ruleId})`;
    case 'feedback':
      return `show the message “${step.message}” (rule ${step.ruleId}), then ${describeStep(step.then)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-help': Help;
  }
}
