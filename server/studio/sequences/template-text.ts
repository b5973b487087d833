/**
 * The blank template teaches by example ("Ask something that shows whether
 * the learner has the skill."), so it starts green; text of that kind left in
 * a draft is harmless while authoring and an embarrassment once learners and
 * the LMS's Deep Linking list show it. Publishing warns about each such string,
 * where it stands.
 */
import { pointer, type Issue } from '../../content/issues.js';
import { isObject } from '../../json.js';
import { templateDraft } from './templates.js';

export const TEMPLATE_TEXT_CODE = 'template-text';

/** Keys whose strings learners or the LMS read. Rules are left out: their example descriptions stay true if the rule is kept. */
const TEXT_KEYS = new Set(['title', 'description', 'prompt', 'text', 'body', 'feedback', 'hints', 'explanation', 'acceptedAnswers']);

function collect(value: unknown, underText: boolean, into: Set<string>): void {
  // One-word strings ("Introduction") are as likely the designer's as the template's.
  if (typeof value === 'string') {
    if (underText && value.includes(' ')) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, underText, into);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) if (key !== 'rules') collect(child, TEXT_KEYS.has(key), into);
  }
}

const PLACEHOLDERS: ReadonlySet<string> = (() => {
  const found = new Set<string>();
  collect(templateDraft('blank'), false, found);
  return found;
})();

function find(value: unknown, path: string, underText: boolean, issues: Issue[]): void {
  if (typeof value === 'string') {
    if (underText && PLACEHOLDERS.has(value)) {
      issues.push({
        severity: 'warning',
        path,
        code: TEMPLATE_TEXT_CODE,
        message: `still the blank template's example text (“${value}”): learners would read it as written`,
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => find(item, pointer(path, i), underText, issues));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) if (key !== 'rules') find(child, pointer(path, key), TEXT_KEYS.has(key), issues);
  }
}

/** A warning for every learner-facing string the draft still shares with the blank template. */
export function templateTextIssues(draft: unknown): Issue[] {
  const issues: Issue[] = [];
  find(draft, '', false, issues);
  return issues;
}
