/**
 * The placement page's search, as the designer types: hides the sequences
 * that do not match and says how many do, with the server's match (the
 * search, lower-cased, within the text catalog.ts gives each sequence). A
 * sequence already chosen stays in view, so it is never added unseen.
 * Progressive enhancement: without JavaScript the Search button posts the
 * search and the server filters.
 * Served from the tool's origin (the CSP allows no inline script); kept in
 * TypeScript as a string so it ships with the compiled server, as autopost.ts.
 */
export const FILTER_SCRIPT = `"use strict";
(function () {
  var input = document.getElementById("place-q");
  var list = document.getElementById("placeable-list");
  var status = document.getElementById("place-count");
  var none = document.getElementById("place-none");
  if (!input || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-search]"));
  var timer;
  function apply() {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (item) {
      var chosen = item.querySelector("input:checked") !== null;
      var match = needle === "" || chosen || item.getAttribute("data-search").indexOf(needle) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    if (none) none.hidden = shown !== 0;
    if (!status) return;
    // Said once the typing pauses, not on every key.
    clearTimeout(timer);
    timer = setTimeout(function () {
      status.textContent = needle === "" ? "" : shown + " of " + items.length + (items.length === 1 ? " sequence matches" : " sequences match") + ".";
    }, 400);
  }
  input.addEventListener("input", apply);
  apply();
})();
`;
