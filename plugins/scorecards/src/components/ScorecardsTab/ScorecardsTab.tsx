import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityScorecardsContent } from '../EntityScorecardsContent';
import { TeamScorecardsContent } from '../TeamScorecardsContent';

/** One Scorecards tab: a team's rollup on groups, the checks everywhere else. */
export function ScorecardsTab() {
  const { entity } = useEntity();
  return entity.kind.toLowerCase() === 'group' ? (
    <TeamScorecardsContent />
  ) : (
    <EntityScorecardsContent />
  );
}
