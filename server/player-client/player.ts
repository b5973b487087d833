/**
 * Progressive enhancement for the player's pages. Without it every form still
 * works (POST → 303 → GET); with it, a submission updates the page in place:
 *
 * - forms marked `data-enhance` are posted with fetch, which follows the
 *   server's redirect and gets the same HTML page a browser would;
 * - when the new page shows the same screen (`#screen[data-screen]`), only
 *   the regions marked `data-region` are replaced, so the live regions that
 *   hold feedback and hints stay in the document and screen readers announce
 *   their new content; a new screen replaces `#screen` whole;
 * - focus moves to the element the server marked `data-focus` (the feedback
 *   heading after an answer, the error summary after a refused one), or to
 *   the new screen's heading; the error summary is in no live region, since
 *   moving focus to it (a new element, from the button that sent the form)
 *   is what announces it, here as on a page loaded without the script;
 * - the error summary's link focuses the refused field with its question or
 *   label in view (without the script it scrolls to the field);
 * - forms with a `seconds` field get the time spent on the screen, the
 *   engine's time-on-task; a second click while a request is on its way is
 *   ignored (the server would also recognise it);
 * - the redirect's fresh page code replaces the one page-code.js kept in the
 *   history entry, so a reload within its two minutes opens the page the
 *   learner now sees without a detour; after that, page-code.js resumes the
 *   reload with the session token it also keeps there (POST /resume).
 *
 * Any failure falls back to a normal form submission.
 */

let shownAt = performance.now();

function screen(): HTMLElement | null {
  return document.getElementById('screen');
}

function focusIn(root: ParentNode): void {
  const target = root.querySelector<HTMLElement>('[data-focus]') ?? root.querySelector<HTMLElement>('h1');
  if (!target) return;
  if (!target.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) target.setAttribute('tabindex', '-1');
  target.focus();
}

/** Replaces what changed; returns false when the response is not a player page. */
function apply(html: string): boolean {
  const incoming = new DOMParser().parseFromString(html, 'text/html');
  const next = incoming.getElementById('screen');
  const current = screen();
  if (!next || !current) {
    // An error page: show it in place of the main content, with its way back.
    const main = incoming.querySelector('main');
    const mine = document.querySelector('main');
    if (!main || !mine) return false;
    mine.replaceWith(document.importNode(main, true));
    document.title = incoming.title;
    focusIn(document.querySelector('main') ?? document);
    return true;
  }
  document.title = incoming.title;
  if (current.dataset.screen === next.dataset.screen) {
    for (const region of Array.from(next.querySelectorAll<HTMLElement>('[data-region]'))) {
      const mine = region.id ? document.getElementById(region.id) : null;
      if (!mine) continue;
      mine.className = region.className;
      mine.innerHTML = region.innerHTML;
    }
    focusIn(current);
  } else {
    const adopted = document.importNode(next, true);
    current.replaceWith(adopted);
    shownAt = performance.now();
    focusIn(adopted);
  }
  return true;
}

/** Keeps the page code of the redirect fetch followed, where page-code.js keeps the first one; never in the address bar. */
function rememberPageCode(responseUrl: string): void {
  const code = responseUrl ? new URL(responseUrl).searchParams.get('code') : null;
  if (code === null) return;
  const state: unknown = history.state;
  history.replaceState({ ...(state !== null && typeof state === 'object' ? state : {}), pageCode: code }, '');
}

async function submit(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
  const seconds = form.querySelector<HTMLInputElement>('input[name="seconds"]');
  if (seconds) seconds.value = ((performance.now() - shownAt) / 1000).toFixed(1);
  const body = new URLSearchParams();
  new FormData(form, submitter instanceof HTMLButtonElement ? submitter : null).forEach((value, name) => {
    if (typeof value === 'string') body.append(name, value);
  });
  form.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(form.action, { method: 'POST', body, headers: { accept: 'text/html' }, credentials: 'same-origin' });
    if (!apply(await res.text())) form.submit();
    else rememberPageCode(res.url);
  } catch {
    form.submit();
  } finally {
    form.removeAttribute('aria-busy');
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-enhance')) return;
  event.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  void submit(form, event.submitter);
});

/**
 * As GOV.UK's error summary does: a link to a field only scrolls to it, leaving
 * focus behind and the field's question above the edge of the frame.
 */
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('.error-summary a[href^="#"]') : null;
  const field = link ? document.getElementById(decodeURIComponent(link.hash.slice(1))) : null;
  if (!(field instanceof HTMLInputElement)) return;
  event.preventDefault();
  const context = field.closest('fieldset')?.querySelector('legend') ?? (field.labels?.[0] || field);
  context.scrollIntoView();
  field.focus({ preventScroll: true });
});
