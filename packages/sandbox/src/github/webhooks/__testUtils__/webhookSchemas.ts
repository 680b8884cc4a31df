import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '@octokit/webhooks-schemas';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Only the definitions: compiling a reference into the root would compile its
// `oneOf` over every event, which takes seconds.
ajv.addSchema({ definitions: schema.definitions }, 'webhooks');

const validators = new Map<string, ValidateFunction>();

/**
 * Errors of a payload against GitHub's published webhook schema for
 * `event` (and `action`), as `path message` strings; empty when it conforms.
 */
export function payloadSchemaErrors(
  event: string,
  action: string | null,
  payload: unknown,
): string[] {
  const definition = `${event}$${action ?? 'event'}`;
  let validate = validators.get(definition);
  if (!validate) {
    validate = ajv.compile({ $ref: `webhooks#/definitions/${definition}` });
    validators.set(definition, validate);
  }
  return validate(payload)
    ? []
    : (validate.errors ?? []).map(
        error =>
          `${error.instancePath} ${error.message} ${JSON.stringify(
            error.params,
          )}`,
      );
}
