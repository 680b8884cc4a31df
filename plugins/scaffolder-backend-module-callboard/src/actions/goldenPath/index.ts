export {
  createGoldenPathRenderAction,
  templateVersionAnnotation,
} from './renderGoldenPath';
export type { GoldenPathRenderActionOptions } from './renderGoldenPath';
export { lockFilePath } from './lockFile';
export type { GoldenPathLock } from './lockFile';
