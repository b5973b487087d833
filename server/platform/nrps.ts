/**
 * Names and Role Provisioning Services 2.0: the course roster, paged, for
 * tools that need to know who is in a course before they launch.
 */
import express, { type Router } from 'express';
import type { PlatformContext } from './context.js';
import { fullName } from './directory.js';
import { ApiError, param } from './http.js';
import { contextRoleUri, MEDIA, SCOPE } from './lti.js';
import { paginate } from './paging.js';

export function nrpsRoutes(ctx: PlatformContext): Router {
  const { urls, directory, tokens } = ctx;
  const router = express.Router();

  router.get(
    '/api/courses/:courseId/memberships',
    tokens.guard([SCOPE.memberships], (req, res) => {
      const course = directory.course(req.params.courseId ?? '');
      if (course === undefined) throw new ApiError(404, 'not_found', 'No such course.');
      const rlid = param(req.query, 'rlid');
      // Every member can open every link in these sample courses, so `rlid`
      // only has to name a link of the course to leave the roster unchanged.
      if (rlid !== undefined && directory.link(rlid)?.courseId !== course.id) throw new ApiError(400, 'invalid_request', 'rlid is not a resource link of this course.');
      const role = param(req.query, 'role');
      const members = course.members
        .filter((m) => role === undefined || m.roles.includes(contextRoleUri(role)))
        .flatMap((m) => {
          const user = directory.user(m.userId);
          if (user === undefined) return [];
          return [
            {
              status: 'Active',
              name: fullName(user),
              given_name: user.givenName,
              family_name: user.familyName,
              email: user.email,
              user_id: user.id,
              lis_person_sourcedid: user.id,
              roles: m.roles,
            },
          ];
        });
      const page = paginate(req, res, urls.origin, members);
      res.type(MEDIA.membershipContainer).send(
        JSON.stringify({
          id: urls.memberships(course.id),
          context: { id: course.id, label: course.label, title: course.title },
          members: page,
        }),
      );
    }),
  );
  return router;
}
