// Platform storage, login leg: store the state and nonce in the LMS's storage
// frame, then continue to the LMS's authorization endpoint. If the LMS cannot
// store them, continue without platform storage (the tool then binds the
// launch with a cookie, or offers a new window when cookies are blocked too).
import { ask, platformFrame, storageSubjects } from './post-message.js';

const CAPABILITIES_TIMEOUT_MS = 1000;

async function store(page) {
  const origin = page.platformOrigin;
  const subjects = await storageSubjects(origin, CAPABILITIES_TIMEOUT_MS);
  if (!subjects) throw new Error('the LMS offers no platform storage');
  const frame = platformFrame(page.target);
  if (!frame) throw new Error(`no frame named ${page.target}`);
  const timeoutMs = Number(page.timeoutMs);
  await Promise.all([
    ask(frame, origin, { subject: subjects.put, key: `state_${page.state}`, value: page.state }, { timeoutMs }),
    ask(frame, origin, { subject: subjects.put, key: `nonce_${page.nonce}`, value: page.nonce }, { timeoutMs }),
  ]);
}

const page = document.getElementById('lti-storage-login').dataset;
store(page).then(
  () => window.location.replace(page.authUrl),
  (error) => {
    console.warn(`LTI platform storage unavailable (${error.code || error.message}); continuing without it.`);
    window.location.replace(page.fallbackUrl);
  },
);
