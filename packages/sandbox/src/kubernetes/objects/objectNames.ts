import crypto from 'node:crypto';
import { FieldError, fieldErrors } from '../errors/fieldErrors';

const subdomainPattern =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const rfc1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const rfc1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Which DNS rule a kind's names follow; messages are the API server's own. */
export type NameRule = 'subdomain' | 'rfc1123Label' | 'rfc1035Label';

const rules: Record<
  NameRule,
  { pattern: RegExp; maxLength: number; message: string }
> = {
  subdomain: {
    pattern: subdomainPattern,
    maxLength: 253,
    message:
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  rfc1123Label: {
    pattern: rfc1123LabelPattern,
    maxLength: 63,
    message:
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  rfc1035Label: {
    pattern: rfc1035LabelPattern,
    maxLength: 63,
    message:
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
};

export function nameRuleFor(storageKey: string): NameRule {
  if (storageKey === 'namespaces') return 'rfc1123Label';
  if (storageKey === 'services') return 'rfc1035Label';
  return 'subdomain';
}

export function validateObjectName(
  name: string | undefined,
  rule: NameRule,
): FieldError[] {
  if (!name) {
    return [
      fieldErrors.required('metadata.name', 'name or generateName is required'),
    ];
  }
  const { pattern, maxLength, message } = rules[rule];
  const errors: FieldError[] = [];
  if (name.length > maxLength) {
    errors.push(
      fieldErrors.invalid(
        'metadata.name',
        name,
        `must be no more than ${maxLength} characters`,
      ),
    );
  }
  if (!pattern.test(name)) {
    errors.push(fieldErrors.invalid('metadata.name', name, message));
  }
  return errors;
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The five-character suffix the API server appends for `generateName`. */
export function randomNameSuffix(): string {
  return Array.from(
    crypto.randomBytes(5),
    byte => suffixAlphabet[byte % suffixAlphabet.length],
  ).join('');
}

/** Like {@link randomNameSuffix} but stable for a seed, for names derived from a uid. */
export function stableNameSuffix(seed: string): string {
  const digest = crypto.createHash('sha256').update(seed).digest();
  return Array.from(
    digest.subarray(0, 5),
    byte => suffixAlphabet[byte % suffixAlphabet.length],
  ).join('');
}
