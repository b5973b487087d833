/**
 * The one line of script the deep-linking return needs: submit the form that
 * carries the signed response to the LMS. Served from the tool's origin (the
 * CSP allows no inline script); without JavaScript the form's button does it.
 * Kept in TypeScript as a string so it ships with the compiled server.
 */
export const AUTOPOST_FORM_ID = 'deep-link-return';

export const AUTOPOST_SCRIPT = `"use strict";
(function () {
  var form = document.getElementById(${JSON.stringify(AUTOPOST_FORM_ID)});
  if (form) form.submit();
})();
`;
