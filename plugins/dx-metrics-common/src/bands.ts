/**
 * DORA performance bands, as data. The thresholds are the cluster boundaries of the
 * Accelerate State of DevOps Report 2023; a platform team that adopts a newer report changes
 * this file only. Each list is checked in order and the first matching band wins; a value that
 * matches none is `low`.
 */
export const DORA_BANDS_SOURCE = {
  title: 'Accelerate State of DevOps Report',
  publisher: 'DORA (Google Cloud)',
  year: 2023,
  url: 'https://dora.dev/research/2023/dora-report/',
} as const;

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

export interface BandThreshold {
  band: Exclude<DoraBand, 'low'>;
  /** The band applies when the value is at least this (higher is better). */
  atLeast?: number;
  /** The band applies when the value is at most this (lower is better). */
  atMost?: number;
}

export const DORA_BANDS = {
  /** Successful production deployments per day: on demand, daily–weekly, weekly–monthly. */
  deploymentFrequency: [
    { band: 'elite', atLeast: 1 },
    { band: 'high', atLeast: 1 / 7 },
    { band: 'medium', atLeast: 1 / 30 },
  ],
  /** Hours from first commit to production: under a day, a week, a month. */
  leadTime: [
    { band: 'elite', atMost: 24 },
    { band: 'high', atMost: 24 * 7 },
    { band: 'medium', atMost: 24 * 30 },
  ],
  /** Share of production deployments that failed: 5 %, 10 %, 15 %. */
  changeFailureRate: [
    { band: 'elite', atMost: 0.05 },
    { band: 'high', atMost: 0.1 },
    { band: 'medium', atMost: 0.15 },
  ],
  /** Hours to recover from a failed deployment: under an hour, a day, a week. */
  recoveryTime: [
    { band: 'elite', atMost: 1 },
    { band: 'high', atMost: 24 },
    { band: 'medium', atMost: 24 * 7 },
  ],
  /** DORA introduced rework rate in 2024 without published bands: shown without one. */
  reworkRate: [],
} as const satisfies Record<string, readonly BandThreshold[]>;
