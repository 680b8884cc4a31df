import Chip from '@material-ui/core/Chip';
import { DoraBand } from '@callboard/plugin-dx-metrics-common';

const COLORS: Record<DoraBand, string> = {
  elite: '#1b5e20',
  high: '#2e7d32',
  medium: '#f9a825',
  low: '#c62828',
};

/** The DORA band of a figure, or "no band" when the figure has none. */
export function BandChip(props: { band: DoraBand | null }) {
  if (!props.band) {
    return (
      <Chip
        size="small"
        label="no band"
        variant="outlined"
        aria-label="DORA band: none"
      />
    );
  }
  return (
    <Chip
      size="small"
      label={props.band}
      aria-label={`DORA band: ${props.band}`}
      style={{ backgroundColor: COLORS[props.band], color: '#fff' }}
    />
  );
}
