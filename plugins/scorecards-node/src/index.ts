export * from './collector';
export * from './errors';
export * from './extensionPoint';
