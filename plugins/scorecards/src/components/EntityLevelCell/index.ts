export { EntityLevelCell } from './EntityLevelCell';
export type { EntityLevelCellProps } from './EntityLevelCell';
