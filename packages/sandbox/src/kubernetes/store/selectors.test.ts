import { KubeObject } from '../types';
import {
  matchesFieldSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const labels = {
  app: 'orders',
  tier: 'backend',
  'backstage.io/kubernetes-id': 'orders',
  replicas: '3',
};

describe('label selectors', () => {
  it.each([
    ['app=orders', true],
    ['app==orders', true],
    ['app=payments', false],
    ['app!=payments', true],
    ['app!=orders', false],
    ['missing!=x', true],
    ['tier in (backend, frontend)', true],
    ['tier in (frontend)', false],
    ['tier notin (frontend,db)', true],
    ['tier notin (backend)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=orders,tier=backend', true],
    ['app=orders,tier=frontend', false],
    ['backstage.io/kubernetes-id=orders', true],
    ['replicas>2', true],
    ['replicas<2', false],
    ['', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(matchesLabelSelector(labels, parseLabelSelector(selector))).toBe(
      expected,
    );
  });

  it('treats an object without labels as having none', () => {
    expect(matchesLabelSelector(undefined, parseLabelSelector('!app'))).toBe(
      true,
    );
    expect(matchesLabelSelector(undefined, parseLabelSelector('app'))).toBe(
      false,
    );
  });

  it.each([
    'app in orders',
    'app=orders tier=backend',
    '=orders',
    'app in (a',
    'replicas>x',
  ])('rejects %j with a BadRequest', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({ code: 400, reason: 'BadRequest' }),
      }),
    );
  });
});

describe('field selectors', () => {
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'orders.1', namespace: 'team-a' },
    involvedObject: { kind: 'PostgreSQLInstance', name: 'orders', uid: 'abc' },
    count: 2,
  };

  it.each([
    ['metadata.name=orders.1', true],
    ['metadata.name==orders.1', true],
    ['metadata.namespace=team-a', true],
    ['metadata.namespace!=team-a', false],
    ['involvedObject.uid=abc,involvedObject.kind=PostgreSQLInstance', true],
    ['count=2', true],
    ['metadata.labels.missing=', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(matchesFieldSelector(event, parseFieldSelector(selector))).toBe(
      expected,
    );
  });

  it('rejects a requirement without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      /invalid selector/,
    );
  });
});
