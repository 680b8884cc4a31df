import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { mapIssue, mapIssueComment, mapLabel } from '../mappers/issues';
import { json, noContent, route } from '../RouteDefinition';

function issuesEnabled(
  request: ApiRequest,
  needed: 'read' | 'triage' | 'write' = 'read',
) {
  const repo = request.repository(needed);
  if (!repo.hasIssues) {
    throw new ApiError(410, 'Issues are disabled for this repo');
  }
  return request.store.repositories.refOf(repo);
}

function issue(request: ApiRequest, needed: 'read' | 'triage' = 'read') {
  const ref = request.store.repositories.refOf(request.repository(needed));
  const number = request.numberParam('issue_number');
  const found = request.store.issues.get(ref, number);
  if (!found) {
    throw apiErrors.notFound();
  }
  return { ref, number, issue: found };
}

/** Label names arrive as `{labels: [...]}`, `{labels: [{name}]}` or a bare array. */
function readLabelNames(request: ApiRequest): string[] {
  const raw = request.body.raw;
  const list = Array.isArray(raw) ? raw : request.body.optionalArray('labels');
  if (!list) {
    throw apiErrors.invalidRequest(`"labels" wasn't supplied.`);
  }
  return list.map(item => {
    if (typeof item === 'string') return item;
    if (
      item &&
      typeof item === 'object' &&
      typeof (item as { name?: unknown }).name === 'string'
    ) {
      return (item as { name: string }).name;
    }
    throw apiErrors.invalidRequest(
      `For 'items', ${JSON.stringify(item)} is not a string.`,
    );
  });
}

/** POST adds to an issue's labels and PUT replaces them; both answer with the full set. */
function changeLabels(request: ApiRequest, change: 'addLabels' | 'setLabels') {
  const { ref, number } = issue(request, 'triage');
  const labels = request.store.issues[change](
    ref,
    number,
    readLabelNames(request),
  );
  return json(
    200,
    labels.map(label => mapLabel(request.mapper, ref, label)),
  );
}

/** The legacy `assignee` field: a login, or null to clear. */
function singleAssignee(
  assignee: string | null | undefined,
): string[] | undefined {
  if (assignee === undefined) return undefined;
  return assignee === null ? [] : [assignee];
}

/** Issues, comments, issue labels and assignees, and repository labels. */
export const issueRoutes = [
  route('GET', '/repos/{owner}/{repo}/issues', request => {
    const ref = issuesEnabled(request);
    const issues = request.store.issues.list(ref, {
      state: request.query.oneOf('state', ['open', 'closed', 'all'] as const),
      labels: request.query.list('labels'),
      assignee: request.query.string('assignee'),
      creator: request.query.string('creator'),
      since: request.query.string('since'),
      sort: request.query.oneOf('sort', [
        'created',
        'updated',
        'comments',
      ] as const),
      direction: request.query.oneOf('direction', ['asc', 'desc'] as const),
    });
    return request.paginate(issues, found => mapIssue(request.mapper, found));
  }),

  route('POST', '/repos/{owner}/{repo}/issues', request => {
    const ref = issuesEnabled(request);
    const viewer = request.requireViewer();
    const assignee = request.body.optionalNullableString('assignee');
    const created = request.store.issues.create({
      ...ref,
      title: request.body.string('title'),
      body: request.body.optionalNullableString('body'),
      author: viewer.login,
      assignees: [
        ...(request.body.optionalStringArray('assignees') ?? []),
        ...(assignee ? [assignee] : []),
      ],
      labels: request.body.has('labels') ? readLabelNames(request) : [],
    });
    const body = mapIssue(request.mapper, created);
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', request =>
    json(200, mapIssue(request.mapper, issue(request).issue)),
  ),

  route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', request => {
    const { ref, number, issue: found } = issue(request);
    const viewer = request.requireViewer();
    if (found.authorId !== viewer.id) {
      request.repository('triage');
    }
    const assignee = request.body.optionalNullableString('assignee');
    const updated = request.store.issues.update(
      ref,
      number,
      {
        title: request.body.optionalString('title'),
        body: request.body.optionalNullableString('body'),
        state: request.body.optionalEnum('state', ['open', 'closed'] as const),
        stateReason: request.body.optionalEnum('state_reason', [
          'completed',
          'not_planned',
          'reopened',
        ] as const),
        assignees:
          request.body.optionalStringArray('assignees') ??
          singleAssignee(assignee),
        labels: request.body.has('labels')
          ? readLabelNames(request)
          : undefined,
      },
      viewer.login,
    );
    return json(200, mapIssue(request.mapper, updated));
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    request => {
      const { ref, number } = issue(request);
      return request.paginate(
        request.store.issues.listComments(ref, number),
        comment => mapIssueComment(request.mapper, comment),
      );
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    request => {
      const { ref, number } = issue(request);
      const viewer = request.requireViewer();
      const comment = request.store.issues.addComment(ref, number, {
        author: viewer.login,
        body: request.body.string('body'),
      });
      const body = mapIssueComment(request.mapper, comment);
      return json(201, body, { location: body.url });
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    request => {
      const { ref, issue: found } = issue(request);
      return request.paginate(request.store.issues.labelsOf(found), label =>
        mapLabel(request.mapper, ref, label),
      );
    },
  ),

  route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', request =>
    changeLabels(request, 'addLabels'),
  ),

  route('PUT', '/repos/{owner}/{repo}/issues/{issue_number}/labels', request =>
    changeLabels(request, 'setLabels'),
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    request => {
      const { ref, number } = issue(request, 'triage');
      request.store.issues.setLabels(ref, number, []);
      return noContent();
    },
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    request => {
      const { ref, number } = issue(request, 'triage');
      const labels = request.store.issues.removeLabel(
        ref,
        number,
        request.param('name'),
      );
      return json(
        200,
        labels.map(label => mapLabel(request.mapper, ref, label)),
      );
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
    request => {
      const { ref, number } = issue(request, 'triage');
      const updated = request.store.issues.addAssignees(
        ref,
        number,
        request.body.optionalStringArray('assignees') ?? [],
      );
      return json(201, mapIssue(request.mapper, updated));
    },
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
    request => {
      const { ref, number } = issue(request, 'triage');
      const updated = request.store.issues.removeAssignees(
        ref,
        number,
        request.body.optionalStringArray('assignees') ?? [],
      );
      return json(200, mapIssue(request.mapper, updated));
    },
  ),

  route('GET', '/repos/{owner}/{repo}/labels', request => {
    const ref = request.repoRef();
    return request.paginate(request.store.issues.listLabels(ref), label =>
      mapLabel(request.mapper, ref, label),
    );
  }),

  route('POST', '/repos/{owner}/{repo}/labels', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    const label = request.store.issues.createLabel(ref, {
      name: request.body.string('name'),
      color: request.body.optionalString('color'),
      description: request.body.optionalString('description'),
    });
    const body = mapLabel(request.mapper, ref, label);
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/labels/{name}', request => {
    const ref = request.repoRef();
    const label = request.store.issues.getLabel(ref, request.param('name'));
    if (!label) {
      throw apiErrors.notFound();
    }
    return json(200, mapLabel(request.mapper, ref, label));
  }),

  route('PATCH', '/repos/{owner}/{repo}/labels/{name}', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    const label = request.store.issues.updateLabel(ref, request.param('name'), {
      newName: request.body.optionalString('new_name'),
      color: request.body.optionalString('color'),
      description: request.body.optionalString('description'),
    });
    return json(200, mapLabel(request.mapper, ref, label));
  }),

  route('DELETE', '/repos/{owner}/{repo}/labels/{name}', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    request.store.issues.deleteLabel(ref, request.param('name'));
    return noContent();
  }),
];
