// Platform storage, launch leg: read back the state and nonce the login stored
// in the LMS's storage frame and post them, with the id_token, to the tool,
// which compares them with what it issued. Whatever happens the form is
// posted, so that the tool can answer with a page that says what went wrong.
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

const form = document.getElementById('lti-storage-launch');
read(form.dataset).then((found) => {
  form.elements.namedItem('lti_storage_state').value = found.state ?? '';
  form.elements.namedItem('lti_storage_nonce').value = found.nonce ?? '';
  form.elements.namedItem('lti_storage_error').value = found.error ?? '';
  form.submit();
});
