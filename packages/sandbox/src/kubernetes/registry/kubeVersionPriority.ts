const versionPattern = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Orders versions as Kubernetes does for a group's preferred version:
 * GA before beta before alpha, higher numbers first, unparseable names last
 * in alphabetical order.
 */
export function compareKubeVersions(left: string, right: string): number {
  const leftMatch = versionPattern.exec(left);
  const rightMatch = versionPattern.exec(right);
  if (!leftMatch || !rightMatch) {
    if (leftMatch) return -1;
    if (rightMatch) return 1;
    return left.localeCompare(right);
  }
  const stabilityRank: Record<string, number> = { alpha: 0, beta: 1 };
  const stability = (match: RegExpExecArray) =>
    match[2] === undefined ? 2 : stabilityRank[match[2]];
  return (
    stability(rightMatch) - stability(leftMatch) ||
    Number(rightMatch[1]) - Number(leftMatch[1]) ||
    Number(rightMatch[3] ?? 0) - Number(leftMatch[3] ?? 0)
  );
}
