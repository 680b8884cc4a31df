import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { Condition } from '@callboard/plugin-infrastructure-common';
import { Typography } from '@material-ui/core';

/** One of Synced and Ready: its status, and the reason and message that explain it. */
export function ConditionRow(props: { type: string; condition?: Condition }) {
  const { type, condition } = props;
  let status;
  if (condition?.status === 'True') status = <StatusOK>{type}</StatusOK>;
  else if (condition?.status === 'False') {
    status = <StatusError>Not {type}</StatusError>;
  } else status = <StatusPending>{type} unknown</StatusPending>;
  return (
    <div aria-label={`${type} condition`} role="group">
      <Typography variant="h6" component="div">
        {status}
      </Typography>
      <Typography variant="body2">
        {condition
          ? [condition.reason, condition.message].filter(Boolean).join(': ') ||
            'No reason given'
          : `The object reports no ${type} condition yet`}
      </Typography>
      {condition?.lastTransitionTime && (
        <Typography variant="caption" color="textSecondary">
          Since {condition.lastTransitionTime}
        </Typography>
      )}
    </div>
  );
}
