import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('writes JSON lines with bound fields at or above the level', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      fields: { service: '${{ values.name }}' },
      write: line => lines.push(line),
    });
    logger.debug('hidden');
    logger.child({ requestId: 'r1' }).warn('careful', { attempt: 2 });
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0] ?? '{}');
    assert.equal(entry.level, 'warn');
    assert.equal(entry.msg, 'careful');
    assert.equal(entry.service, '${{ values.name }}');
    assert.equal(entry.requestId, 'r1');
    assert.equal(entry.attempt, 2);
  });

  it('keeps the message of logged errors', () => {
    const lines: string[] = [];
    createLogger({ write: line => lines.push(line) }).error('failed', {
      error: new Error('boom'),
    });
    assert.equal(JSON.parse(lines[0] ?? '{}').error.message, 'boom');
  });
});
