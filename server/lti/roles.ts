/**
 * LTI roles are mapped to the tool's four roles once, at launch; every later
 * route authorizes on the mapped roles, never on raw LIS URIs.
 */
import type { ToolRole } from '../store/types.js';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

// Context roles (membership) decide what the user may do in this course; the
// institution/system administrator roles are honoured because Moodle and Canvas
// send them to site admins who must be able to configure the tool.
const MAP: Record<string, ToolRole> = {
  [`${LIS}membership#Learner`]: 'learner',
  [`${LIS}membership/Learner#Learner`]: 'learner',
  [`${LIS}membership#Instructor`]: 'instructor',
  [`${LIS}membership/Instructor#TeachingAssistant`]: 'instructor',
  [`${LIS}membership#Mentor`]: 'learner',
  [`${LIS}membership#ContentDeveloper`]: 'contentDeveloper',
  [`${LIS}membership#Administrator`]: 'admin',
  [`${LIS}institution/person#Administrator`]: 'admin',
  [`${LIS}system/person#Administrator`]: 'admin',
  [`${LIS}system/person#SysAdmin`]: 'admin',
  // LTI 1.3 deprecates the short forms, but some platforms still send them.
  Learner: 'learner',
  Instructor: 'instructor',
  ContentDeveloper: 'contentDeveloper',
  Administrator: 'admin',
};

/** Unknown roles grant nothing; a launch with none we know is treated as a learner (least privilege). */
export function mapRoles(ltiRoles: readonly string[]): ToolRole[] {
  const mapped = new Set<ToolRole>();
  for (const r of ltiRoles) {
    const role = MAP[r];
    if (role) mapped.add(role);
  }
  if (mapped.size === 0) mapped.add('learner');
  return [...mapped];
}

/** Roles allowed to author content and see the class. */
export const STAFF_ROLES: readonly ToolRole[] = ['instructor', 'contentDeveloper', 'admin'];

export function hasAnyRole(roles: readonly ToolRole[], allowed: readonly ToolRole[]): boolean {
  return roles.some((r) => allowed.includes(r));
}
