/**
 * The LMS pages a person uses: the course overview (content with launch
 * buttons, deep linking, gradebook, grade passback faults, people, registered
 * tools, endpoints) and
 * the launch page that shows a tool inside the LMS, as `document_target:
 * iframe` promises the tool.
 */
import express, { type Router } from 'express';
import type { ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import { fullName, isAdministrator, type Course, type PlatformUser, type ResourceLink } from './directory.js';
import { faultsSection } from './fault-ui.js';
import { html, sendPage, sendProblemPage, type Html } from './html.js';
import { param } from './http.js';
import { ROLE } from './lti.js';
import { PLATFORM_STORAGE_FRAME, storageScript, toolOrigins } from './storage.js';

/** "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner" → "Learner". */
function roleName(uri: string): string {
  return uri.slice(uri.lastIndexOf('#') + 1);
}

export function uiRoutes(ctx: PlatformContext): Router {
  const { urls, directory, clients, gradebook } = ctx;
  const router = express.Router();

  /** Everyone who can launch in the course: its members, then administrators. */
  function launchers(course: Course): { user: PlatformUser; roles: string[] }[] {
    return directory.users().flatMap((user) => {
      const roles = directory.launchRoles(course.id, user.id);
      if (roles === undefined) return [];
      const courseRoles = course.members.find((m) => m.userId === user.id)?.roles ?? [];
      return [{ user, roles: courseRoles.length > 0 ? [...courseRoles] : roles.filter((r) => r === ROLE.administrator) }];
    });
  }

  function firstWithRole(course: Course, role: string): PlatformUser | undefined {
    const member = course.members.find((m) => m.roles.includes(role));
    return member && directory.user(member.userId);
  }

  function linkItem(course: Course, link: ResourceLink): Html {
    const learner = firstWithRole(course, ROLE.learner);
    const instructor = firstWithRole(course, ROLE.instructor);
    const tool = clients.get(link.clientId);
    const selectId = `launch-as-${link.id}`;
    return html`<li>
<strong>${link.title}</strong> <span class="muted">· ${tool?.name ?? link.clientId}</span>
${link.description === '' ? '' : html`<br><span class="muted">${link.description}</span>`}
<div class="actions">
${learner && html`<a class="button" href="${urls.launchFrame(learner.id, link.id)}">Launch as learner (${fullName(learner)})</a>`}
${instructor && html`<a class="button secondary" href="${urls.launchFrame(instructor.id, link.id)}">Launch as instructor (${fullName(instructor)})</a>`}
<form method="get" action="${urls.issuer}/view">
<input type="hidden" name="link" value="${link.id}">
<label for="${selectId}">Launch as</label>
<select id="${selectId}" name="user">${launchers(course).map(({ user, roles }) => html`<option value="${user.id}">${fullName(user)} (${roles.map(roleName).join(', ')})</option>`)}</select>
<button type="submit" class="secondary">Launch</button>
</form>
</div>
</li>`;
  }

  function deepLinkForm(course: Course): Html {
    const instructor = firstWithRole(course, ROLE.instructor);
    const tools = clients.list().filter((c) => c.deepLinkUrl !== null);
    if (instructor === undefined || tools.length === 0) return html``;
    const selectId = `deep-link-tool-${course.id}`;
    return html`<form method="get" action="${urls.issuer}/view" class="actions">
<input type="hidden" name="course" value="${course.id}">
<input type="hidden" name="user" value="${instructor.id}">
${tools.length === 1
  ? html`<input type="hidden" name="client" value="${tools[0]?.clientId}">`
  : html`<label for="${selectId}">Tool</label><select id="${selectId}" name="client">${tools.map((t) => html`<option value="${t.clientId}">${t.name}</option>`)}</select>`}
<button type="submit">Add content (Deep Linking)</button>
<span class="muted">as ${fullName(instructor)}</span>
</form>`;
  }

  function gradebookTable(course: Course): Html {
    const columns = gradebook.lineItems(course.id);
    const learners = course.members.filter((m) => m.roles.includes(ROLE.learner)).flatMap((m) => directory.user(m.userId) ?? []);
    if (columns.length === 0) return html`<p class="muted">No gradebook columns yet. Tools create them through AGS or deep linking.</p>`;
    return html`<table>
<caption>Gradebook: latest score on record per learner</caption>
<thead><tr><th scope="col">Learner</th>${columns.map((li) => html`<th scope="col">${li.label} <span class="muted">(/${li.scoreMaximum})</span></th>`)}</tr></thead>
<tbody>${learners.map(
      (user) => html`<tr><th scope="row">${fullName(user)}</th>${columns.map((li) => {
        const score = gradebook.latestScore(li.id, user.id);
        if (score === undefined) return html`<td><span class="muted">—</span></td>`;
        // As LMSs do: the tool's scoreGiven / scoreMaximum, rescaled to the column's points.
        const value =
          score.scoreGiven === null || score.scoreMaximum === null || score.scoreMaximum === 0
            ? 'no score yet'
            : `${Math.round((score.scoreGiven / score.scoreMaximum) * li.scoreMaximum * 100) / 100} / ${li.scoreMaximum}`;
        return html`<td>${value}<br><span class="muted">${score.activityProgress}, ${score.gradingProgress}</span></td>`;
      })}</tr>`,
    )}</tbody>
</table>`;
  }

  function courseSection(course: Course): Html {
    const links = directory.links(course.id);
    return html`<section class="card" id="course-${course.id}" aria-labelledby="course-${course.id}-title">
<h2 id="course-${course.id}-title">${course.title} <span class="muted">${course.label}</span></h2>
<h3>Content</h3>
${links.length === 0 ? html`<p class="muted">No content yet.</p>` : html`<ul class="links">${links.map((l) => linkItem(course, l))}</ul>`}
${deepLinkForm(course)}
<h3>Gradebook</h3>
${gradebookTable(course)}
</section>`;
  }

  function peopleSection(): Html {
    return html`<section class="card" aria-labelledby="people-title">
<h2 id="people-title">People</h2>
<table>
<caption>Sample users (the user id is their LTI <code>sub</code>)</caption>
<thead><tr><th scope="col">Name</th><th scope="col">User id</th><th scope="col">Email</th><th scope="col">Roles</th></tr></thead>
<tbody>${directory.users().map((user) => {
      const courseRoles = directory.courses().flatMap((c) => {
        const m = c.members.find((member) => member.userId === user.id);
        return m === undefined ? [] : [`${m.roles.map(roleName).join(', ')} in ${c.label}`];
      });
      const roles = isAdministrator(user) ? ['Administrator (all courses)', ...courseRoles] : courseRoles;
      return html`<tr><th scope="row">${fullName(user)}</th><td><code>${user.id}</code></td><td>${user.email}</td><td>${roles.join('; ')}</td></tr>`;
    })}</tbody>
</table>
</section>`;
  }

  function toolsSection(): Html {
    return html`<section class="card" aria-labelledby="tools-title">
<h2 id="tools-title">Registered tools</h2>
<table>
<caption>Tool clients known to this platform</caption>
<thead><tr><th scope="col">Tool</th><th scope="col">client_id</th><th scope="col">deployment_id</th><th scope="col">Login URL</th><th scope="col">JWKS URL</th><th scope="col">Registered</th></tr></thead>
<tbody>${clients.list().map(
      (c) => html`<tr><th scope="row">${c.name}</th><td><code>${c.clientId}</code></td><td><code>${c.deploymentId}</code></td><td><code>${c.loginUrl}</code></td><td><code>${c.jwksUrl}</code></td><td>${c.source === 'dynamic' ? `dynamically, ${c.registeredAt}` : 'pre-registered'}</td></tr>`,
    )}</tbody>
</table>
<h3>Register a tool by URL</h3>
<form method="get" action="${urls.issuer}/register/start" class="actions">
<label for="registration-url">Tool’s dynamic registration URL</label>
<input type="url" id="registration-url" name="url" required placeholder="https://tool.example/lti/register">
<button type="submit">Register</button>
</form>
</section>`;
  }

  function endpointsSection(): Html {
    const rows: [string, string][] = [
      ['Issuer', urls.issuer],
      ['OpenID configuration', urls.openidConfigurationUrl],
      ['JWKS', urls.jwksUrl],
      ['Authorization (OIDC auth)', urls.authUrl],
      ['Access token', urls.tokenUrl],
      ['Dynamic registration', urls.registrationUrl],
      ['Deep-linking return', urls.deepLinkReturnUrl],
    ];
    return html`<section class="card" aria-labelledby="endpoints-title">
<h2 id="endpoints-title">Platform endpoints</h2>
<p class="muted">What a tool needs to register this platform by hand.</p>
<dl class="endpoints">${rows.map(([name, url]) => html`<dt>${name}</dt><dd><code>${url}</code></dd>`)}</dl>
</section>`;
  }

  router.get('/', (req, res) => {
    // Tools send people back to launch_presentation.return_url with lti_msg / lti_errormsg.
    const message = param(req.query, 'lti_msg');
    const errorMessage = param(req.query, 'lti_errormsg');
    sendPage(res, {
      title: 'Courses',
      homeUrl: urls.home,
      main: html`<h1>Development LMS stand-in</h1>
<p>This page plays the part of a learning management system speaking LTI 1.3 to the tool: pick a course, launch its content as any of the sample users, add content with deep linking and watch grades arrive.</p>
${message === undefined ? '' : html`<p class="status" role="status">Message from the tool: ${message}</p>`}
${errorMessage === undefined ? '' : html`<p class="status error" role="alert">Error from the tool: ${errorMessage}</p>`}
${directory.courses().map(courseSection)}
${faultsSection(ctx)}
${peopleSection()}
${toolsSection()}
${endpointsSection()}`,
    });
  });

  // The tool inside the LMS page. The frame starts at the launch-start URL,
  // which hands over to the tool's login initiation. A hidden frame next to it
  // offers the tool platform storage, unless `storage=off` asks to behave like
  // an LMS without it (to try a tool's cookie fallbacks).
  router.get('/view', (req, res) => {
    const storage = param(req.query, 'storage') !== 'off';
    const storageTarget = storage ? PLATFORM_STORAGE_FRAME : undefined;
    const user = directory.user(param(req.query, 'user') ?? '');
    if (user === undefined) return sendProblemPage(res, urls.home, 404, 'Unknown user', 'The user parameter does not name a user on this platform.');
    const linkId = param(req.query, 'link');
    const courseId = param(req.query, 'course');
    let frame: { heading: string; course: Course; client: ToolClient; src: string; link?: ResourceLink };
    if (linkId !== undefined) {
      const link = directory.link(linkId);
      const course = link && directory.course(link.courseId);
      const client = link && clients.get(link.clientId);
      if (link === undefined || course === undefined || client === undefined) return sendProblemPage(res, urls.home, 404, 'Unknown resource link', 'The link parameter does not name a resource link on this platform.');
      frame = { heading: link.title, course, client, src: urls.launchStart(user.id, link.id, storageTarget), link };
    } else {
      const course = directory.course(courseId ?? '');
      const client = clients.get(param(req.query, 'client') ?? ctx.preregisteredClientId);
      if (course === undefined || client === undefined) return sendProblemPage(res, urls.home, 404, 'Unknown course or tool', 'Pass link, or course and client.');
      frame = { heading: `Add content with ${client.name}`, course, client, src: urls.deepLinkStart(user.id, course.id, client.clientId, storageTarget) };
    }
    const roles = directory.launchRoles(frame.course.id, user.id);
    if (roles === undefined) return sendProblemPage(res, urls.home, 403, 'Not in this course', `${fullName(user)} is not a member of ${frame.course.title}.`);
    const origins = toolOrigins(frame.client, [frame.link?.url]);
    // A new window has no storage frame around it: it starts the launch without lti_storage_target.
    const newWindow = frame.link ? urls.launchStart(user.id, frame.link.id) : urls.deepLinkStart(user.id, frame.course.id, frame.client.clientId);
    sendPage(res, {
      title: frame.heading,
      homeUrl: urls.home,
      frameOrigins: origins,
      main: html`<nav aria-label="Breadcrumb"><a href="${urls.home}#course-${frame.course.id}">${frame.course.title}</a> › ${frame.heading}</nav>
<h1>${frame.heading}</h1>
<p class="muted">Launched as ${fullName(user)} (${[...new Set(roles.map(roleName))].join(', ')}). <a href="${newWindow}" target="_blank" rel="noopener">Open in a new window</a></p>
${storage ? html`<iframe name="${PLATFORM_STORAGE_FRAME}" src="${urls.storageFrame(frame.client.clientId)}" title="Platform storage" hidden></iframe>\n` : ''}<iframe class="tool" title="${frame.heading} (${frame.client.name})" src="${frame.src}" allow="fullscreen"></iframe>`,
      ...(storage ? { script: storageScript('page', origins) } : {}),
    });
  });

  return router;
}
