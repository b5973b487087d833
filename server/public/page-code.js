// A page opened by a redirect carries a page code (server/lti/page-code.ts): the
// session for two minutes. The address bar, the history and copied links must not
// keep it, so it moves from the URL into this history entry's state, where a reload
// within those two minutes finds it again. Runs in <head>, before anything can copy
// the address; a page without JavaScript keeps the code until it expires.
(function () {
  var url = new URL(location.href);
  var code = url.searchParams.get('code');
  var state = history.state !== null && typeof history.state === 'object' ? history.state : {};
  // The "session has ended" page (views/error.ejs) says so with this meta.
  var missing = document.querySelector('meta[name="session-missing"]') !== null;
  if (code !== null) {
    url.searchParams.delete('code');
    history.replaceState(Object.assign({}, state, { pageCode: missing ? null : code }), '', url.pathname + url.search + url.hash);
  } else if (missing && typeof state.pageCode === 'string') {
    // A reload of a page a code opened: ask once more with that code (the server decides if it still opens).
    url.searchParams.set('code', state.pageCode);
    history.replaceState(Object.assign({}, state, { pageCode: null }), '');
    location.replace(url.href);
  }
})();
