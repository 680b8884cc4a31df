export * from './github';
export * from './kubernetes';
export * from './seed';
export * from './cli/index';
