import Chip from '@material-ui/core/Chip';
import { CheckStatus } from '@callboard/plugin-scorecards-common';

const colors: Record<CheckStatus, { background: string; color: string }> = {
  pass: { background: '#1b5e20', color: '#fff' },
  fail: { background: '#b71c1c', color: '#fff' },
  unknown: { background: '#616161', color: '#fff' },
  exempt: { background: '#0d47a1', color: '#fff' },
};

/** A check's status in words and colour; words first, so it reads without colour. */
export function StatusChip(props: { status: CheckStatus }) {
  return (
    <Chip
      size="small"
      label={props.status}
      aria-label={`status ${props.status}`}
      style={colors[props.status]}
    />
  );
}
