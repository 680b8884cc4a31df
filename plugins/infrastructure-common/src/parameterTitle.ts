/**
 * What forms and dialogs call a `spec.parameters` field of an XRD: the `title` the platform
 * team gave it in the XRD's schema, or else its key in words ("storageGB" → "Storage GB"),
 * never the bare key.
 */
export function parameterTitle(
  parametersSchema: Record<string, unknown>,
  key: string,
): string {
  const properties = parametersSchema.properties as
    | Record<string, { title?: unknown }>
    | undefined;
  const title = properties?.[key]?.title;
  if (typeof title === 'string' && title.trim()) return title;
  return keyInWords(key);
}

function keyInWords(key: string): string {
  const words = key
    // camelCase and digit boundaries: storageGB → storage GB, replicas3 → replicas 3
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-zA-Z])([0-9])/g, '$1 $2')
    // snake_case and kebab-case
    .replace(/[_-]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
