/**
 * The sample school: two courses that exercise different audiences (a Grade 7
 * class and an adult professional-development course), learners with names
 * that need escaping and non-ASCII letters, an instructor, a content developer
 * and an administrator who is not enrolled anywhere.
 *
 * Resource links carry `custom.sequence_id`, the adaptive sequence the link
 * places, the way an instructor's placement would in a real LMS (ids of the
 * tool's sample sequences). One link has none, so an instructor can try
 * placing one.
 */
import type { Course, PlatformUser, ResourceLink } from './directory.js';
import { ROLE } from './lti.js';

export interface SampleLineItem {
  linkId: string;
  label: string;
  scoreMaximum: number;
  tag?: string;
}

export interface SampleData {
  users: PlatformUser[];
  courses: Course[];
  links: ResourceLink[];
  /** Gradebook columns an instructor created with the placement. */
  lineItems: SampleLineItem[];
}

/** Ids of the sample school, for tests and for linking to a launch by hand. */
export const SAMPLE = {
  courses: { math: 'grade7-math-fractions', privacy: 'privacy-pd' },
  links: { addingFractions: 'link-fractions-add', comparingFractions: 'link-fractions-compare', personalData: 'link-privacy-basics' },
  users: {
    maya: 'learner-maya',
    liam: 'learner-liam',
    zanele: 'learner-zanele',
    tomas: 'learner-tomas',
    priya: 'learner-priya',
    jonas: 'learner-jonas',
    instructor: 'instructor-rivera',
    contentDeveloper: 'developer-okafor',
    admin: 'admin-lee',
  },
} as const;

const { courses: C, links: L, users: U } = SAMPLE;

/** "Tomás García" → "tomas.garcia", "Liam O'Brien" → "liam.obrien", "Learner 0001" → "learner.0001". */
const mailbox = (givenName: string, familyName: string) =>
  `${givenName}.${familyName}`.normalize('NFD').toLowerCase().replace(/[^a-z0-9.]/g, '');

const student = (id: string, givenName: string, familyName: string, domain = 'students.example.edu'): PlatformUser => ({
  id,
  givenName,
  familyName,
  email: `${mailbox(givenName, familyName)}@${domain}`,
  institutionRoles: [ROLE.student],
});

const staff = (id: string, givenName: string, familyName: string, institutionRoles: string[]): PlatformUser => ({
  id,
  givenName,
  familyName,
  email: `${mailbox(givenName, familyName)}@example.edu`,
  institutionRoles,
});

const learner = (userId: string) => ({ userId, roles: [ROLE.learner] });

/** Links are placed for `clientId`, the pre-registered tool. */
export function sampleData(clientId: string, extraLearners = 0): SampleData {
  // learner-0001, learner-0002…: a class as large as a load test or a class-view demo needs.
  const extras = Array.from({ length: extraLearners }, (_, i) => student(`learner-${String(i + 1).padStart(4, '0')}`, 'Learner', String(i + 1).padStart(4, '0')));
  const users = [
    student(U.maya, 'Maya', 'Chen'),
    student(U.liam, 'Liam', "O'Brien"),
    student(U.zanele, 'Zanele', 'Dlamini'),
    student(U.tomas, 'Tomás', 'García'),
    student(U.priya, 'Priya', 'Natarajan', 'acme-corp.example'),
    student(U.jonas, 'Jonas', 'Berg', 'acme-corp.example'),
    staff(U.instructor, 'Elena', 'Rivera', [ROLE.faculty]),
    staff(U.contentDeveloper, 'Sam', 'Okafor', [ROLE.staff]),
    staff(U.admin, 'Morgan', 'Lee', [ROLE.administrator, ROLE.staff]),
    ...extras,
  ];
  const teachingTeam = [
    { userId: U.instructor, roles: [ROLE.instructor] },
    { userId: U.contentDeveloper, roles: [ROLE.contentDeveloper] },
  ];
  const courses: Course[] = [
    {
      id: C.math,
      label: 'MATH-7',
      title: 'Grade 7 Math — Fractions',
      members: [...[U.maya, U.liam, U.zanele, U.tomas, ...extras.map((u) => u.id)].map(learner), ...teachingTeam],
    },
    {
      id: C.privacy,
      label: 'PD-PRIVACY',
      title: 'Workplace Data Privacy (adult PD)',
      members: [...[U.priya, U.jonas].map(learner), ...teachingTeam],
    },
  ];
  const link = (id: string, courseId: string, title: string, description: string, sequenceId: string | null): ResourceLink => ({
    id,
    courseId,
    clientId,
    title,
    description,
    url: null,
    custom: sequenceId ? { sequence_id: sequenceId } : {},
  });
  const links = [
    link(L.addingFractions, C.math, 'Adding fractions with unlike denominators', 'Adaptive practice that adjusts to each learner.', 'fractions-grade6'),
    // No line item: shows how a launch without an AGS `lineitem` claim looks.
    link(L.comparingFractions, C.math, 'Comparing fractions', 'Warm-up on ordering fractions.', null),
    link(L.personalData, C.privacy, 'Recognising personal data', 'Scenario-based module for new staff.', 'data-privacy-essentials'),
  ];
  const lineItems = [
    { linkId: L.addingFractions, label: 'Adding fractions', scoreMaximum: 100, tag: 'mastery' },
    { linkId: L.personalData, label: 'Recognising personal data', scoreMaximum: 10 },
  ];
  return { users, courses, links, lineItems };
}
