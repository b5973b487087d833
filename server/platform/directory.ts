/**
 * Who and what exists on the platform: users, courses with their members, and
 * the resource links placed in them. Resource links grow at run time (deep
 * linking creates them); users and courses are fixed sample data.
 */
import { randomToken } from './ids.js';
import { ROLE } from './lti.js';

export interface PlatformUser {
  /** Also the `sub` and `login_hint`: stable and opaque to the tool. */
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  /** Institution-level LIS role URIs, sent in every launch. */
  institutionRoles: readonly string[];
}

export interface Membership {
  userId: string;
  /** Context (course) LIS role URIs. */
  roles: readonly string[];
}

export interface Course {
  id: string;
  label: string;
  title: string;
  members: readonly Membership[];
}

export interface ResourceLink {
  id: string;
  courseId: string;
  /** The tool this link launches. */
  clientId: string;
  title: string;
  description: string;
  /** The target_link_uri chosen by deep linking; null launches the tool's default launch URL. */
  url: string | null;
  custom: Readonly<Record<string, string>>;
}

export function fullName(user: PlatformUser): string {
  return `${user.givenName} ${user.familyName}`;
}

export function isAdministrator(user: PlatformUser): boolean {
  return user.institutionRoles.includes(ROLE.administrator);
}

/** Who may add content to a course through deep linking, as in most LMSs. */
const EDITING_ROLES: readonly string[] = [ROLE.instructor, ROLE.contentDeveloper];

export class Directory {
  readonly #users: Map<string, PlatformUser>;
  readonly #courses: Map<string, Course>;
  readonly #links: Map<string, ResourceLink>;

  constructor(users: readonly PlatformUser[], courses: readonly Course[], links: readonly ResourceLink[]) {
    this.#users = new Map(users.map((u) => [u.id, u]));
    this.#courses = new Map(courses.map((c) => [c.id, c]));
    this.#links = new Map(links.map((l) => [l.id, l]));
  }

  users(): PlatformUser[] {
    return [...this.#users.values()];
  }

  user(id: string): PlatformUser | undefined {
    return this.#users.get(id);
  }

  courses(): Course[] {
    return [...this.#courses.values()];
  }

  course(id: string): Course | undefined {
    return this.#courses.get(id);
  }

  /** Links in placement order, optionally only one course's. */
  links(courseId?: string): ResourceLink[] {
    const all = [...this.#links.values()];
    return courseId === undefined ? all : all.filter((l) => l.courseId === courseId);
  }

  link(id: string): ResourceLink | undefined {
    return this.#links.get(id);
  }

  addLink(link: Omit<ResourceLink, 'id'>): ResourceLink {
    const created = { ...link, id: `link-${randomToken(9)}` };
    this.#links.set(created.id, created);
    return created;
  }

  /**
   * The roles a launch in this course carries for this user: the course roles
   * plus the institution roles. Administrators may launch in any course even
   * without a membership; anyone else outside the course gets undefined.
   */
  launchRoles(courseId: string, userId: string): string[] | undefined {
    const user = this.user(userId);
    const course = this.course(courseId);
    if (user === undefined || course === undefined) return undefined;
    const membership = course.members.find((m) => m.userId === userId);
    if (membership === undefined && !isAdministrator(user)) return undefined;
    return [...(membership?.roles ?? []), ...user.institutionRoles];
  }

  /** Whether the user may start a deep-linking request in the course. */
  canAddContent(courseId: string, userId: string): boolean {
    const roles = this.launchRoles(courseId, userId);
    return roles !== undefined && roles.some((r) => EDITING_ROLES.includes(r) || r === ROLE.administrator);
  }
}
