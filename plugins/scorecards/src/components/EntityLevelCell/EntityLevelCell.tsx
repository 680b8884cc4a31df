import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { scorecardsApiRef } from '../../api';
import { loadEntityLevels } from './levelBatcher';

export type EntityLevelCellProps = {
  entityRef: string;
  /** The scorecard whose level is shown; the first one the entity has when unset. */
  scorecardId?: string;
};

/** A catalog table cell: the entity's level, e.g. "Silver", with the scorecard and score on hover. */
export function EntityLevelCell({
  entityRef,
  scorecardId,
}: EntityLevelCellProps) {
  const api = useApi(scorecardsApiRef);
  const { value, loading, error } = useAsync(
    () => loadEntityLevels(api, entityRef),
    [api, entityRef],
  );
  if (loading) {
    return (
      <Typography variant="body2" color="textSecondary" aria-busy="true">
        …
      </Typography>
    );
  }
  if (error) {
    return (
      <Tooltip title={`Levels could not be loaded: ${error.message}`}>
        <Typography variant="body2" color="error">
          unavailable
        </Typography>
      </Tooltip>
    );
  }
  const level = scorecardId
    ? value?.find(l => l.scorecard.id === scorecardId)
    : value?.[0];
  if (!level) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ whiteSpace: 'nowrap' }}
      >
        not scored
      </Typography>
    );
  }
  const { standing, scorecard } = level;
  // Unknown is not fail: unknown checks (a fact not collected yet, stale, or its collector
  // failing) are named beside the level, not hidden in a lower one. The reasons differ per
  // check, so the hover points to the entity's tab that gives them.
  const unknown = standing.unknownChecks
    ? `, ${standing.unknownChecks} checks of the next level unknown (the entity's Scorecards tab says why)`
    : '';
  // No wrapping: a narrow column would break the level and its unknown count across lines.
  return (
    <Tooltip
      title={`${scorecard.title}: score ${
        standing.score ?? '–'
      } / 100${unknown}`}
    >
      <div
        aria-label={`${scorecard.title} level`}
        style={{ whiteSpace: 'nowrap' }}
      >
        <Typography variant="body2">{standing.level ?? 'No level'}</Typography>
        {standing.unknownChecks > 0 && (
          <Typography variant="caption" color="textSecondary" component="div">
            {standing.unknownChecks} unknown
          </Typography>
        )}
      </div>
    </Tooltip>
  );
}
