/**
 * Reaching out: an instructor's note to one learner, validated and escaped,
 * shown at the learner's next launch once, then marked read (which the
 * instructor sees).
 */
import { expect } from 'chai';
import ejs from 'ejs';
import fs from 'node:fs';
import path from 'node:path';
import { placementScope } from '../../server/class/scope.js';
import { markNotesRead, selectUnreadNotes, takeUnreadNotes, validNoteBody } from '../../server/class/notes.js';
import { VIEWS_DIR } from '../../server/http/views.js';
import { sessionIdFor } from '../../server/lti/session.js';
import type { Session } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';
import { Learner, launchStaff, LINKS, play, sample, section, text, type Staff } from './support.js';

const BANNER = path.join(VIEWS_DIR, 'class', 'note-banner.ejs');

describe('class: notes to learners', function () {
  this.timeout(60_000);
  const ctx = useTool();
  let staff: Staff;
  let maya: Learner;

  async function sessionOf(learner: Learner): Promise<Session> {
    const s = await ctx.tool.store.selectSession(sessionIdFor(learner.token), Date.now());
    if (s === null) throw new Error('no learner session');
    return s;
  }

  before(async () => {
    maya = await Learner.launch(ctx.tool, 'learner-maya');
    await play(maya, sample('fractions'), 3);
    staff = await launchStaff(ctx.tool);
  });

  it('saves a note and shows it to the instructor as not seen yet', async () => {
    const res = await staff.post('/class/learners/learner-maya/notes', { body: '  Great start, Maya!\r\nTry the number line next.  ' });
    expect(res.status).to.equal(303);
    const location = res.headers.get('location')!;
    expect(location).to.match(/^\/class\/learners\/learner-maya\?code=[A-Za-z0-9_-]+&notice=note-sent#notes$/);
    expect(location).not.to.contain(staff.token);
    // The redirect's page code opens the page, as the browser follows it.
    const page = await (await fetch(new URL(location, ctx.tool.url), { headers: { accept: 'text/html' } })).text();
    expect(text(page)).to.include('Your note was saved. The learner will see it the next time they open this activity.');
    const notes = text(section(page, 'notes'));
    expect(notes).to.include('Great start, Maya! Try the number line next.');
    expect(notes).to.match(/Left \d{4}-\d\d-\d\d \d\d:\d\d UTC by Elena Rivera · not seen yet/);
  });

  it('shows it on the learner’s next launch once, and the instructor then sees when', async () => {
    const { token, html } = await launchAs(ctx.tool, 'learner-maya', LINKS.fractions);
    maya.token = token;
    expect(text(html)).to.include('Great start, Maya!');
    expect(html).to.include('A note from your teacher');
    expect(text((await maya.page('/app')).html), 'shown once').not.to.include('Great start, Maya!');
    const session = await sessionOf(maya);
    expect(await takeUnreadNotes(ctx.tool.store, session, Date.now()), 'marked read').to.deep.equal([]);
    const notes = text(section(await (await staff.get('/class/learners/learner-maya')).text(), 'notes'));
    expect(notes).to.match(/· seen \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('hands unread notes over once through the service, with their author', async () => {
    await staff.post('/class/learners/learner-maya/notes', { body: 'Service check' });
    const session = await sessionOf(maya);
    const first = await takeUnreadNotes(ctx.tool.store, session, Date.now());
    expect(first.map((n) => n.body)).to.deep.equal(['Service check']);
    expect(first[0]).to.have.keys(['id', 'body', 'authorName', 'createdAt']);
    expect(first[0]?.authorName).to.equal('Elena Rivera');
    expect(await takeUnreadNotes(ctx.tool.store, session, Date.now()), 'shown once').to.deep.equal([]);
  });

  it('gives each note to one of two pages opening at once', async () => {
    for (const body of ['one', 'two', 'three']) await staff.post('/class/learners/learner-maya/notes', { body });
    const session = await sessionOf(maya);
    const [a, b] = await Promise.all([takeUnreadNotes(ctx.tool.store, session, Date.now()), takeUnreadNotes(ctx.tool.store, session, Date.now())]);
    expect([...a, ...b].map((n) => n.body).sort()).to.deep.equal(['one', 'three', 'two']);
  });

  it('offers select and mark separately, scoped to the learner’s own launch', async () => {
    await staff.post('/class/learners/learner-maya/notes', { body: 'separately' });
    const session = await sessionOf(maya);
    const unread = await selectUnreadNotes(ctx.tool.store, session);
    expect(unread.map((n) => n.body)).to.deep.equal(['separately']);
    // Another learner's session cannot mark Maya's note, even with its id.
    const liam = await Learner.launch(ctx.tool, 'learner-liam');
    expect(await markNotesRead(ctx.tool.store, await sessionOf(liam), [unread[0]!.id], Date.now())).to.deep.equal([]);
    // Nor can Maya's launch of another link of the same course see it.
    // (learners and staff launch the same way; launchStaff just keeps the session at hand)
    const mayaElsewhere = await launchStaff(ctx.tool, 'learner-maya', LINKS.compare);
    expect(await selectUnreadNotes(ctx.tool.store, mayaElsewhere.session)).to.deep.equal([]);
    expect(await markNotesRead(ctx.tool.store, session, [unread[0]!.id], Date.now())).to.deep.equal([unread[0]!.id]);
  });

  it('refuses an empty note, a note over 500 characters, and control characters, keeping the draft', async () => {
    const empty = await staff.post('/class/learners/learner-maya/notes', { body: '   ' });
    expect(empty.status).to.equal(400);
    const emptyPage = await empty.text();
    expect(text(section(emptyPage, 'notes'))).to.include('Write a note first.');
    expect(emptyPage).to.include('aria-invalid="true"');

    const long = 'x'.repeat(501);
    const tooLong = await staff.post('/class/learners/learner-maya/notes', { body: long });
    expect(tooLong.status).to.equal(400);
    const longPage = await tooLong.text();
    expect(text(longPage)).to.include('Keep the note to 500 characters (it has 501).');
    expect(longPage).to.include(`>${long}</textarea>`);

    const control = await staff.post('/class/learners/learner-maya/notes', { body: 'bell\u0007' });
    expect(control.status).to.equal(400);
    expect(await ctx.tool.store.selectUnreadNotes({ ...placementScope(staff.session), userId: 'learner-maya' })).to.deep.equal([]);
  });

  it('counts characters as people do: 500 emoji fit', () => {
    expect(validNoteBody('🙂'.repeat(500))).to.have.length(1000);
    expect(() => validNoteBody('🙂'.repeat(501))).to.throw('Keep the note to 500 characters (it has 501).');
    expect(() => validNoteBody(undefined)).to.throw('Write a note first.');
  });

  it('escapes a note’s text wherever it is shown', async () => {
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quoted"';
    await staff.post('/class/learners/learner-maya/notes', { body: attack });
    const page = await (await staff.get('/class/learners/learner-maya')).text();
    expect(page).not.to.include('<script>alert(1)');
    expect(page).not.to.include('<img src=x');
    expect(page).to.include('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#34;quoted&#34;');

    const notes = await takeUnreadNotes(ctx.tool.store, await sessionOf(maya), Date.now());
    const banner = await ejs.renderFile(BANNER, { notes });
    expect(banner).not.to.include('<script>alert(1)');
    expect(banner).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(banner).to.include('role="status"');
    expect(text(banner)).to.include('A note from your teacher');
    expect(text(banner)).to.include('— Elena Rivera,');
  });

  it('renders nothing in the banner when there is no note', async () => {
    expect((await ejs.renderFile(BANNER, { notes: [] })).trim()).to.equal('');
    expect((await ejs.renderFile(BANNER, {})).trim()).to.equal('');
  });

  it('refuses a note to anyone who is not a learner of this class', async () => {
    for (const userId of ['learner-priya', 'instructor-rivera', 'nobody']) {
      const res = await staff.post(`/class/learners/${userId}/notes`, { body: 'hello' });
      expect(res.status, userId).to.equal(404);
    }
  });

  it('appears in the learner’s page on their next launch, and only once', async () => {
    await staff.post('/class/learners/learner-maya/notes', { body: 'See you on Monday' });
    const { token, html } = await launchAs(ctx.tool, 'learner-maya', LINKS.fractions);
    maya.token = token;
    expect(text(html)).to.include('See you on Monday');
    expect(text((await maya.page('/app')).html)).not.to.include('See you on Monday');
  });
});
