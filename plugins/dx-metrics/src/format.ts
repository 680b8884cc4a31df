import {
  DX_FIGURE_UNITS,
  DxFigureKey,
} from '@callboard/plugin-dx-metrics-common';

/** `2.3 per day`, `1.5 per week`; `18 h`, `3.2 d`; `12 %`; `—` without a value. */
export function formatFigure(key: DxFigureKey, value: number | null): string {
  if (value === null) {
    return '—';
  }
  switch (DX_FIGURE_UNITS[key]) {
    case 'per-day':
      if (value >= 1) {
        return `${value.toFixed(1)} per day`;
      }
      if (value * 7 >= 1) {
        return `${(value * 7).toFixed(1)} per week`;
      }
      return `${(value * 30).toFixed(1)} per month`;
    case 'hours':
      return formatHours(value);
    default:
      return `${Math.round(value * 100)} %`;
  }
}

export function formatHours(value: number | null): string {
  if (value === null) {
    return '—';
  }
  if (value < 1) {
    return `${Math.round(value * 60)} min`;
  }
  return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`;
}
