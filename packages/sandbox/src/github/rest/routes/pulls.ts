import type { MergeMethod } from '../../store/types';
import type { ReviewEvent } from '../../store/ReviewsStore';
import type { ApiRequest } from '../ApiRequest';
import { apiErrors } from '../errors';
import { mapCommit, mapDiffEntry } from '../mappers/commits';
import {
  mapPullRequest,
  mapPullRequestSimple,
  mapReview,
} from '../mappers/pulls';
import { mapSimpleUser, mapTeam } from '../mappers/users';
import { json, noContent, route } from '../RouteDefinition';

const REVIEW_EVENTS = ['APPROVE', 'REQUEST_CHANGES', 'COMMENT'] as const;

function pullRequest(
  request: ApiRequest,
  needed: 'read' | 'write' | 'triage' = 'read',
) {
  const repo = request.repository(needed);
  const ref = request.store.repositories.refOf(repo);
  const number = request.numberParam('pull_number');
  const view = request.store.pulls.get(ref, number);
  if (!view) {
    throw apiErrors.notFound();
  }
  return { repo, ref, number, view };
}

/** Pull requests, their commits/files, merging, reviewers and reviews. */
export const pullRoutes = [
  route('GET', '/repos/{owner}/{repo}/pulls', request => {
    const ref = request.repoRef();
    const pulls = request.store.pulls.list(ref, {
      state: request.query.oneOf('state', ['open', 'closed', 'all'] as const),
      head: request.query.string('head'),
      base: request.query.string('base'),
      sort: request.query.oneOf('sort', [
        'created',
        'updated',
        'popularity',
        'long-running',
      ] as const),
      direction: request.query.oneOf('direction', ['asc', 'desc'] as const),
    });
    return request.paginate(pulls, view =>
      mapPullRequestSimple(request.mapper, view),
    );
  }),

  route('POST', '/repos/{owner}/{repo}/pulls', async request => {
    request.repository('read');
    const viewer = request.requireViewer();
    const ref = request.repoRef();
    const view = await request.store.pulls.create({
      ...ref,
      title: request.body.string('title'),
      body: request.body.optionalNullableString('body'),
      head: request.body.string('head'),
      base: request.body.string('base'),
      draft: request.body.optionalBoolean('draft'),
      maintainerCanModify: request.body.optionalBoolean(
        'maintainer_can_modify',
      ),
      author: viewer.login,
    });
    const body = await mapPullRequest(request.mapper, view);
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', async request =>
    json(200, await mapPullRequest(request.mapper, pullRequest(request).view)),
  ),

  route('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', async request => {
    const { ref, number, view } = pullRequest(request);
    const viewer = request.requireViewer();
    if (view.issue.authorId !== viewer.id) {
      request.repository('triage');
    }
    const updated = await request.store.pulls.update(
      ref,
      number,
      {
        title: request.body.optionalString('title'),
        body: request.body.optionalNullableString('body'),
        state: request.body.optionalEnum('state', ['open', 'closed'] as const),
        base: request.body.optionalString('base'),
        maintainerCanModify: request.body.optionalBoolean(
          'maintainer_can_modify',
        ),
      },
      viewer.login,
    );
    return json(200, await mapPullRequest(request.mapper, updated));
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    async request => {
      const { ref, number } = pullRequest(request);
      const git = request.store.git.repository(ref);
      const shas = await request.store.pulls.commits(ref, number);
      return request.paginate(shas, async sha =>
        mapCommit(request.mapper, ref, (await git.readCommit(sha))!),
      );
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    async request => {
      const { ref, number, view } = pullRequest(request);
      const files = await request.store.pulls.files(ref, number);
      return request.paginate(files, file =>
        mapDiffEntry(request.mapper, ref, view.pull.headSha, file),
      );
    },
  ),

  route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', request => {
    const { view } = pullRequest(request);
    if (!view.pull.mergedAt) {
      throw apiErrors.notFound();
    }
    return noContent();
  }),

  route(
    'PUT',
    '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    async request => {
      const { ref, number } = pullRequest(request, 'write');
      const viewer = request.requireViewer();
      const method = request.body.optionalEnum('merge_method', [
        'merge',
        'squash',
        'rebase',
      ] as const satisfies readonly MergeMethod[]);
      const result = await request.store.merges.merge({
        ...ref,
        number,
        merger: viewer.login,
        method,
        commitTitle: request.body.optionalString('commit_title'),
        commitMessage: request.body.optionalString('commit_message'),
        sha: request.body.optionalString('sha'),
      });
      return json(200, {
        sha: result.sha,
        merged: true,
        message: 'Pull Request successfully merged',
      });
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    request => {
      const { view } = pullRequest(request);
      return json(200, {
        users: view.pull.requestedReviewerIds
          .map(id => request.store.accounts.getById(id))
          .filter(account => account !== undefined)
          .map(account => mapSimpleUser(request.mapper, account!)),
        teams: view.pull.requestedTeamIds
          .map(id => request.store.accounts.getTeamById(id))
          .filter(team => team !== undefined)
          .map(team => mapTeam(request.mapper, team!)),
      });
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    async request => {
      const { ref, number } = pullRequest(request, 'triage');
      const viewer = request.requireViewer();
      const view = await request.store.pulls.requestReviewers(ref, number, {
        reviewers: request.body.optionalStringArray('reviewers'),
        teamReviewers: request.body.optionalStringArray('team_reviewers'),
        actor: viewer.login,
      });
      return json(201, await mapPullRequestSimple(request.mapper, view));
    },
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    async request => {
      const { ref, number } = pullRequest(request, 'triage');
      const view = request.store.pulls.removeRequestedReviewers(ref, number, {
        reviewers: request.body.stringArray('reviewers'),
        teamReviewers: request.body.optionalStringArray('team_reviewers'),
      });
      return json(200, await mapPullRequestSimple(request.mapper, view));
    },
  ),

  route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', request => {
    const { ref, number } = pullRequest(request);
    const reviews = request.store.reviews
      .list(ref, number)
      .filter(
        review =>
          review.state !== 'PENDING' || review.authorId === request.viewer?.id,
      );
    return request.paginate(reviews, review =>
      mapReview(request.mapper, ref, review),
    );
  }),

  route(
    'POST',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    request => {
      const { ref, number } = pullRequest(request);
      const viewer = request.requireViewer();
      const review = request.store.reviews.create({
        ...ref,
        number,
        author: viewer.login,
        event: request.body.optionalEnum('event', REVIEW_EVENTS),
        body: request.body.optionalString('body'),
        commitId: request.body.optionalString('commit_id'),
      });
      return json(200, mapReview(request.mapper, ref, review));
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}',
    request => {
      const { ref, number } = pullRequest(request);
      const review = request.store.reviews.require(
        ref,
        number,
        request.numberParam('review_id'),
      );
      return json(200, mapReview(request.mapper, ref, review));
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events',
    request => {
      const { ref, number } = pullRequest(request);
      request.requireViewer();
      const event = request.body.optionalEnum('event', REVIEW_EVENTS);
      if (!event) {
        throw apiErrors.invalidRequest(`"event" wasn't supplied.`);
      }
      const review = request.store.reviews.submit(
        ref,
        number,
        request.numberParam('review_id'),
        event as ReviewEvent,
        request.body.optionalString('body'),
      );
      return json(200, mapReview(request.mapper, ref, review));
    },
  ),

  route(
    'PUT',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals',
    request => {
      const { ref, number } = pullRequest(request, 'write');
      const viewer = request.requireViewer();
      const review = request.store.reviews.dismiss(
        ref,
        number,
        request.numberParam('review_id'),
        request.body.string('message'),
        viewer.login,
      );
      return json(200, mapReview(request.mapper, ref, review));
    },
  ),
];
