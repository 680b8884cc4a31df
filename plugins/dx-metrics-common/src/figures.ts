import { DORA_BANDS, DoraBand } from './bands';

/** The five keys the DX tab shows, in display order. */
export const DX_FIGURE_KEYS = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'recoveryTime',
  'reworkRate',
] as const;

export type DxFigureKey = (typeof DX_FIGURE_KEYS)[number];

export const DX_FIGURE_TITLES: Record<DxFigureKey, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  recoveryTime: 'Failed-deployment recovery time',
  reworkRate: 'Rework rate',
};

export const DX_FIGURE_UNITS: Record<
  DxFigureKey,
  'per-day' | 'hours' | 'ratio'
> = {
  deploymentFrequency: 'per-day',
  leadTime: 'hours',
  changeFailureRate: 'ratio',
  recoveryTime: 'hours',
  reworkRate: 'ratio',
};

/** The DORA band of a value, or null when the key has no bands or there is no value. */
export function doraBandOf(
  key: DxFigureKey,
  value: number | null | undefined,
): DoraBand | null {
  const thresholds = DORA_BANDS[key];
  if (value === null || value === undefined || thresholds.length === 0) {
    return null;
  }
  for (const threshold of thresholds as ReadonlyArray<{
    band: DoraBand;
    atLeast?: number;
    atMost?: number;
  }>) {
    if (threshold.atLeast !== undefined && value >= threshold.atLeast) {
      return threshold.band;
    }
    if (threshold.atMost !== undefined && value <= threshold.atMost) {
      return threshold.band;
    }
  }
  return 'low';
}
