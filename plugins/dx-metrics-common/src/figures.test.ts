import { DORA_BANDS_SOURCE } from './bands';
import { doraBandOf, DxFigureKey } from './figures';
import { dxDrillDownQuerySchema, dxFiguresQuerySchema } from './api';

describe('doraBandOf', () => {
  it.each<[DxFigureKey, number | null, string | null]>([
    ['deploymentFrequency', 3, 'elite'],
    ['deploymentFrequency', 1, 'elite'],
    ['deploymentFrequency', 0.5, 'high'],
    ['deploymentFrequency', 0.1, 'medium'],
    ['deploymentFrequency', 0.01, 'low'],
    ['leadTime', 5, 'elite'],
    ['leadTime', 48, 'high'],
    ['leadTime', 300, 'medium'],
    ['leadTime', 2000, 'low'],
    ['changeFailureRate', 0, 'elite'],
    ['changeFailureRate', 0.08, 'high'],
    ['changeFailureRate', 0.15, 'medium'],
    ['changeFailureRate', 0.4, 'low'],
    ['recoveryTime', 0.5, 'elite'],
    ['recoveryTime', 3, 'high'],
    ['recoveryTime', 72, 'medium'],
    ['recoveryTime', 500, 'low'],
    ['reworkRate', 0.1, null],
    ['leadTime', null, null],
  ])('%s = %p is %p', (key, value, band) => {
    expect(doraBandOf(key, value)).toBe(band);
  });

  it('names the report year the thresholds come from', () => {
    expect(DORA_BANDS_SOURCE.year).toBe(2023);
  });
});

describe('query schemas', () => {
  it.each(['7', '30', '90'])('accepts window=%s', window => {
    expect(dxFiguresQuerySchema.parse({ window }).window).toBe(Number(window));
  });

  it('defaults the window to 30 days', () => {
    expect(dxFiguresQuerySchema.parse({}).window).toBe(30);
  });

  it.each(['14', '0', 'abc', '-7', '30.5'])('rejects window=%s', window => {
    const result = dxFiguresQuerySchema.safeParse({ window });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['window']);
  });

  it('rejects an unknown drill-down kind, naming the parameter', () => {
    const result = dxDrillDownQuerySchema.safeParse({ kind: 'commits' });
    expect(result.error?.issues[0].path).toEqual(['kind']);
  });
});
