// Platform storage, launch leg: read back the state and nonce the login stored
// in the LMS's storage frame and post them, with the id_token, to the tool,
// which compares them with what it issued. Whatever happens the form is
// posted, so that the tool can answer with a page that says what went wrong.
//
// The post goes with fetch, and the tool answers it with the landing address,
// which this page opens with location.replace. Submitting the form instead (the
// platform's answer arrives after this page has loaded) would add a history
// entry and leave this page's, a POST, behind it: Back would then ask to
// resubmit the spent launch ("Confirm Form Resubmission", net::ERR_CACHE_MISS).
// A refusal comes back as the tool's error page, shown in place of this one.
import { ask, platformFrame, storageSubjects } from './post-message.js';

const CAPABILITIES_TIMEOUT_MS = 1000;

async function read(page) {
  const origin = page.platformOrigin;
  const subjects = await storageSubjects(origin, CAPABILITIES_TIMEOUT_MS);
  if (!subjects) return { error: 'unsupported' };
  // The LMS repeats lti_storage_target in its launch; without it, use the frame it advertises.
  const frame = platformFrame(page.target !== '_parent' ? page.target : (subjects.frame ?? '_parent'));
  if (!frame) return { error: 'no_frame' };
  const timeoutMs = Number(page.timeoutMs);
  const get = (key) => ask(frame, origin, { subject: subjects.get, key }, { timeoutMs }).then((answer) => (typeof answer.value === 'string' ? answer.value : ''));
  try {
    const [state, nonce] = await Promise.all([get(page.stateKey), get(page.nonceKey)]);
    return { state, nonce };
  } catch (error) {
    return { error: error.code || 'error' };
  }
}

/** Shows the tool's answer (an error page) in place of this page's content; false when it is no page of the tool. */
function show(html) {
  const incoming = new DOMParser().parseFromString(html, 'text/html');
  const main = incoming.querySelector('main');
  const mine = document.querySelector('main');
  if (!main || !mine) return false;
  mine.replaceWith(document.importNode(main, true));
  document.title = incoming.title;
  const heading = document.querySelector('main h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  return true;
}

async function complete(form) {
  const field = (name) => form.elements.namedItem(name);
  field('lti_storage_reply').value = 'location';
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { accept: 'text/html' },
      credentials: 'same-origin',
    });
    if (res.ok && (res.headers.get('content-type') ?? '').includes('application/json')) {
      const answer = await res.json();
      if (typeof answer.location === 'string') return location.replace(answer.location);
    }
    if (show(await res.text())) return;
  } catch (error) {
    console.warn(`The launch could not be completed in place (${error.message}); posting the form instead.`);
  }
  field('lti_storage_reply').value = '';
  form.submit();
}

const form = document.getElementById('lti-storage-launch');
read(form.dataset).then((found) => {
  form.elements.namedItem('lti_storage_state').value = found.state ?? '';
  form.elements.namedItem('lti_storage_nonce').value = found.nonce ?? '';
  form.elements.namedItem('lti_storage_error').value = found.error ?? '';
  return complete(form);
});
