// LTI Client Side postMessages (1EdTech): ask the LMS page a question and wait
// for its answer. Shared by the login and launch pages of platform storage.
// Every message goes to the platform's origin only and only answers from that
// origin, carrying our message_id, are accepted.

/** Where the platform's messages are handled: `_parent` is the embedding page, other names its frames. */
export function platformFrame(target) {
  const host = window.parent !== window ? window.parent : window.opener;
  if (!host) return null;
  if (!target || target === '_parent') return host;
  try {
    return host.frames[target] || null;
  } catch {
    return null;
  }
}

// crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
function messageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class PlatformError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

/**
 * Sends `message` to `frame` and resolves with the platform's answer. The
 * message is repeated every `retryMs` until answered, because the storage frame
 * may still be loading when the first one is sent (messages to a page without
 * its listener are lost). Rejects with PlatformError('timeout') after `timeoutMs`,
 * or with the platform's own error code.
 */
export function ask(frame, origin, message, { timeoutMs, retryMs = 400 }) {
  const id = messageId();
  const expected = `${message.subject}.response`;
  return new Promise((resolve, reject) => {
    const finish = (fn, value) => {
      window.removeEventListener('message', onMessage);
      clearInterval(resend);
      clearTimeout(expire);
      fn(value);
    };
    const onMessage = (event) => {
      const data = event.data;
      if (event.origin !== origin || !data || typeof data !== 'object') return;
      if (data.subject !== expected || data.message_id !== id) return;
      if (data.error) finish(reject, new PlatformError(String(data.error.code || 'error'), data.error.message));
      else finish(resolve, data);
    };
    const send = () => frame.postMessage({ ...message, message_id: id }, origin);
    window.addEventListener('message', onMessage);
    const resend = setInterval(send, retryMs);
    const expire = setTimeout(() => finish(reject, new PlatformError('timeout')), timeoutMs);
    send();
  });
}

/**
 * The names the platform uses for put_data/get_data, and the frames it asks
 * for them: current platforms answer `lti.capabilities` with `lti.*` subjects,
 * older drafts used `org.imsglobal.lti.*`. A platform that does not answer at
 * all is assumed to follow the current names. Returns null when the platform
 * answers but supports no storage.
 */
export async function storageSubjects(origin, timeoutMs) {
  const host = platformFrame('_parent');
  if (!host) return null;
  let supported;
  try {
    supported = (await ask(host, origin, { subject: 'lti.capabilities' }, { timeoutMs, retryMs: 250 })).supported_messages;
  } catch {
    return { put: 'lti.put_data', get: 'lti.get_data', frame: undefined };
  }
  if (!Array.isArray(supported)) return null;
  const find = (name) => supported.find((m) => m && (m.subject === `lti.${name}` || m.subject === `org.imsglobal.lti.${name}`));
  const put = find('put_data');
  const get = find('get_data');
  if (!put || !get) return null;
  return { put: put.subject, get: get.subject, frame: typeof get.frame === 'string' ? get.frame : undefined };
}
