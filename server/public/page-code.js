// A page opened by a redirect carries a page code (server/lti/page-code.ts): the
// session for two minutes. The address bar, the history and copied links must not
// keep it, so it moves from the URL into this history entry's state. Runs in <head>,
// before anything can copy the address; a page without JavaScript keeps the code
// until it expires.
//
// A reload asks for the bare address, which opens nothing: the server answers the
// "session has ended" page (with 200 for such a reload of a resumable page, which
// carries nothing to refuse: server/lti/resume.ts, reopenPage). So pages the server
// marks resumable also keep their session token (from their forms' `_s`, or the
// studio's <meta>) in the entry's state, and that page posts it to /resume (body,
// never URL), which answers 303 to the same page with a fresh code while the
// session lives, and 401 with that same page once it has ended. Pages without a
// token fall back to the kept code, which only works within its two minutes.
(function () {
  var url = new URL(location.href);
  var code = url.searchParams.get('code');
  var state = stateNow();
  // The "session has ended" page (views/error.ejs) says so with this meta.
  var missing = document.querySelector('meta[name="session-missing"]') !== null;

  function stateNow() {
    return history.state !== null && typeof history.state === 'object' ? history.state : {};
  }

  function keepToken() {
    if (document.querySelector('meta[name="resumable"]') === null) return;
    var field = document.querySelector('input[name="_s"]');
    var meta = document.querySelector('meta[name="studio-session"]');
    var token = field !== null ? field.value : meta !== null ? meta.content : '';
    // Also turns an entry a form post opened into a GET one: its reload resumes instead of resubmitting.
    if (token && stateNow().session !== token) history.replaceState(Object.assign({}, stateNow(), { session: token }), '');
  }

  function resume(token) {
    var form = document.createElement('form');
    form.method = 'post';
    form.action = '/resume';
    var fields = { _s: token, to: location.pathname + location.search + location.hash };
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    // Before the load event, so the browser replaces this history entry rather than adding one.
    form.submit();
  }

  if (code !== null) {
    url.searchParams.delete('code');
    history.replaceState(Object.assign({}, state, { pageCode: missing ? null : code }), '', url.pathname + url.search + url.hash);
  } else if (missing && typeof state.session === 'string' && location.pathname !== '/resume') {
    // Once per reload: cleared first, so a refused resume shows this page rather than trying again.
    history.replaceState(Object.assign({}, state, { session: null, pageCode: null }), '');
    document.addEventListener('DOMContentLoaded', function () {
      resume(state.session);
    });
    return;
  } else if (missing && typeof state.pageCode === 'string') {
    // A reload within the code's two minutes: ask once more with that code (the server decides if it still opens).
    url.searchParams.set('code', state.pageCode);
    history.replaceState(Object.assign({}, state, { pageCode: null }), '');
    location.replace(url.href);
    return;
  }
  if (missing) return;
  document.addEventListener('DOMContentLoaded', keepToken);
  // The studio's views are #fragments: each is a new history entry, with an empty state.
  window.addEventListener('hashchange', keepToken);
})();
