/**
 * Assignment and Grade Services 2.0: line items per course and the score and
 * result services of each line item. Tools only see line items they own.
 */
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Grant } from './access-tokens.js';
import type { PlatformContext } from './context.js';
import {
  asObject,
  InvalidField,
  oneOf,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalTimestamp,
  requiredPositiveNumber,
  requiredString,
  requiredTimestamp,
  type JsonObject,
} from './fields.js';
import { ACTIVITY_PROGRESS, GRADING_PROGRESS, type LineItem, type LineItemFields, type ScoreInput } from './gradebook.js';
import { ApiError, param, sendError } from './http.js';
import { MEDIA, SCOPE } from './lti.js';
import { paginate } from './paging.js';

const READ_LINE_ITEMS = [SCOPE.lineItem, SCOPE.lineItemReadonly];
const WRITE_LINE_ITEMS = [SCOPE.lineItem];

export function agsRoutes(ctx: PlatformContext): Router {
  const { urls, directory, gradebook, tokens } = ctx;
  const router = express.Router();
  const base = '/api/courses/:courseId/lineitems';

  /** Parses a JSON body of exactly `mediaType`: AGS names the media type of each payload, and a tool sending another is wrong. */
  const body = (mediaType: string): RequestHandler[] => [
    (req, res, next) => {
      if (req.is(mediaType)) next();
      else sendError(res, new ApiError(415, 'unsupported_media_type', `Content-Type must be ${mediaType}.`));
    },
    express.json({ type: mediaType }),
  ];

  function courseOf(req: Request) {
    const course = directory.course(req.params.courseId ?? '');
    if (course === undefined) throw new ApiError(404, 'not_found', 'No such course.');
    return course;
  }

  function lineItemOf(req: Request, grant: Grant): LineItem {
    const course = courseOf(req);
    const lineItem = gradebook.lineItem(req.params.lineItemId ?? '');
    // Another tool's line item is reported as absent, not forbidden, to reveal nothing about it.
    if (lineItem === undefined || lineItem.courseId !== course.id || lineItem.clientId !== grant.clientId) {
      throw new ApiError(404, 'not_found', 'No such line item in this course.');
    }
    return lineItem;
  }

  function toJson(li: LineItem): JsonObject {
    return {
      id: urls.lineItem(li.courseId, li.id),
      label: li.label,
      scoreMaximum: li.scoreMaximum,
      ...(li.resourceLinkId === null ? {} : { resourceLinkId: li.resourceLinkId }),
      ...(li.resourceId === null ? {} : { resourceId: li.resourceId }),
      ...(li.tag === null ? {} : { tag: li.tag }),
      ...(li.startDateTime === null ? {} : { startDateTime: li.startDateTime }),
      ...(li.endDateTime === null ? {} : { endDateTime: li.endDateTime }),
      ...(li.gradesReleased === null ? {} : { gradesReleased: li.gradesReleased }),
    };
  }

  function lineItemFields(value: unknown, courseId: string, grant: Grant): LineItemFields {
    const obj = asObject(value, 'The line item');
    const resourceLinkId = optionalString(obj, 'resourceLinkId');
    if (resourceLinkId !== null) {
      const link = directory.link(resourceLinkId);
      if (link === undefined || link.courseId !== courseId || link.clientId !== grant.clientId) {
        throw new InvalidField('resourceLinkId must be one of this tool’s resource links in this course');
      }
    }
    return {
      label: requiredString(obj, 'label'),
      scoreMaximum: requiredPositiveNumber(obj, 'scoreMaximum'),
      resourceLinkId,
      resourceId: optionalString(obj, 'resourceId'),
      tag: optionalString(obj, 'tag'),
      startDateTime: optionalTimestamp(obj, 'startDateTime'),
      endDateTime: optionalTimestamp(obj, 'endDateTime'),
      gradesReleased: optionalBoolean(obj, 'gradesReleased'),
    };
  }

  function scoreInput(value: unknown, lineItem: LineItem): ScoreInput {
    const obj = asObject(value, 'The score');
    const userId = requiredString(obj, 'userId');
    if (directory.course(lineItem.courseId)?.members.some((m) => m.userId === userId) !== true) {
      throw new InvalidField(`userId ${userId} is not a member of the course`);
    }
    const scoreGiven = optionalNumber(obj, 'scoreGiven', 'non-negative');
    const scoreMaximum = optionalNumber(obj, 'scoreMaximum', 'positive');
    if (scoreGiven !== null && scoreMaximum === null) throw new InvalidField('scoreMaximum is required when scoreGiven is present');
    if (scoreGiven !== null && scoreMaximum !== null && scoreGiven > scoreMaximum && !ctx.allowExtraCredit) {
      throw new InvalidField(`scoreGiven ${scoreGiven} exceeds scoreMaximum ${scoreMaximum}; this platform does not accept extra credit`);
    }
    return {
      userId,
      scoreGiven,
      scoreMaximum,
      activityProgress: oneOf(obj, 'activityProgress', ACTIVITY_PROGRESS),
      gradingProgress: oneOf(obj, 'gradingProgress', GRADING_PROGRESS),
      timestamp: requiredTimestamp(obj, 'timestamp'),
      comment: optionalString(obj, 'comment'),
    };
  }

  router.get(
    base,
    tokens.guard(READ_LINE_ITEMS, (req, res, grant) => {
      const course = courseOf(req);
      const filters = { resourceLinkId: param(req.query, 'resource_link_id'), resourceId: param(req.query, 'resource_id'), tag: param(req.query, 'tag') };
      const matching = gradebook
        .lineItems(course.id)
        .filter((li) => li.clientId === grant.clientId)
        .filter((li) => (filters.resourceLinkId === undefined || li.resourceLinkId === filters.resourceLinkId) && (filters.resourceId === undefined || li.resourceId === filters.resourceId) && (filters.tag === undefined || li.tag === filters.tag));
      const page = paginate(req, res, urls.origin, matching);
      res.type(MEDIA.lineItemContainer).send(JSON.stringify(page.map(toJson)));
    }),
  );

  router.post(
    base,
    ...body(MEDIA.lineItem),
    tokens.guard(WRITE_LINE_ITEMS, (req, res, grant) => {
      const course = courseOf(req);
      const created = gradebook.createLineItem(course.id, grant.clientId, lineItemFields(req.body, course.id, grant));
      res.status(201).location(urls.lineItem(course.id, created.id)).type(MEDIA.lineItem).send(JSON.stringify(toJson(created)));
    }),
  );

  router.get(
    `${base}/:lineItemId`,
    tokens.guard(READ_LINE_ITEMS, (req, res, grant) => {
      res.type(MEDIA.lineItem).send(JSON.stringify(toJson(lineItemOf(req, grant))));
    }),
  );

  router.put(
    `${base}/:lineItemId`,
    ...body(MEDIA.lineItem),
    tokens.guard(WRITE_LINE_ITEMS, (req, res, grant) => {
      const current = lineItemOf(req, grant);
      const { id } = asObject(req.body, 'The line item');
      if (id !== undefined && id !== urls.lineItem(current.courseId, current.id)) throw new InvalidField('id, when present, must be this line item’s URL');
      const updated = gradebook.updateLineItem(current.id, lineItemFields(req.body, current.courseId, grant));
      res.type(MEDIA.lineItem).send(JSON.stringify(toJson(updated)));
    }),
  );

  router.delete(
    `${base}/:lineItemId`,
    tokens.guard(WRITE_LINE_ITEMS, (req, res, grant) => {
      gradebook.deleteLineItem(lineItemOf(req, grant).id);
      res.status(204).end();
    }),
  );

  router.post(
    `${base}/:lineItemId/scores`,
    ctx.faults.middleware('scores'),
    ...body(MEDIA.score),
    tokens.guard([SCOPE.score], (req, res, grant) => {
      const lineItem = lineItemOf(req, grant);
      gradebook.recordScore(lineItem, scoreInput(req.body, lineItem));
      // An out-of-order score is accepted and ignored, which AGS allows; the gradebook log shows it as not applied.
      res.status(204).end();
    }),
  );

  router.get(
    `${base}/:lineItemId/results`,
    tokens.guard([SCOPE.resultReadonly], (req, res, grant) => {
      const lineItem = lineItemOf(req, grant);
      const userId = param(req.query, 'user_id');
      const results = gradebook
        .results(lineItem.id)
        .filter((s) => userId === undefined || s.userId === userId)
        .map((s) => ({
          id: urls.result(lineItem.courseId, lineItem.id, s.userId),
          scoreOf: urls.lineItem(lineItem.courseId, lineItem.id),
          userId: s.userId,
          // Results are expressed against the line item's maximum, whatever scale the tool scored on.
          ...(s.scoreGiven === null || s.scoreMaximum === null ? {} : { resultScore: (s.scoreGiven / s.scoreMaximum) * lineItem.scoreMaximum }),
          resultMaximum: lineItem.scoreMaximum,
          ...(s.comment === null ? {} : { comment: s.comment }),
          timestamp: s.timestamp,
        }));
      res.type(MEDIA.resultContainer).send(JSON.stringify(paginate(req, res, urls.origin, results)));
    }),
  );

  return router;
}
