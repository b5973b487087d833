// Class pages. "Send again" comes back to the note it leaves in the learner's grade sync cell: the redirect's
// #retry-note, which the browser scrolls to and focuses (tabindex="-1") by itself, with or without this script.
// The note's CSS scroll-margin leaves a fixed room above it; here the room becomes what keeps the note's context
// in view: the learners table's header row (which says the column is "Grade sync"), or the learner page's
// "Grade sync" heading, whenever that context and the whole cell fit in the window together. A row further down
// a long table keeps the fixed room, the rows above it in view.
(function () {
  var GAP = 8;

  function place() {
    var note = document.getElementById('retry-note');
    if (note === null || location.hash !== '#retry-note') return;
    var table = note.closest('table');
    var context = table !== null && table.tHead !== null ? table.tHead : note.closest('section');
    var cell = note.closest('td, section');
    if (context === null || cell === null) return;
    var top = context.getBoundingClientRect().top;
    var room = Math.ceil(note.getBoundingClientRect().top - top) + GAP;
    if (cell.getBoundingClientRect().bottom - top + GAP <= document.documentElement.clientHeight) note.style.scrollMarginTop = room + 'px';
    note.scrollIntoView({ block: 'start' });
    if (document.activeElement !== note) note.focus({ preventScroll: true });
  }

  document.addEventListener('DOMContentLoaded', place);
})();
