export * from './facts';
export * from './definitions';
export * from './permissions';
export * from './results';
export * from './api';
