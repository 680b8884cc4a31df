export * from './github';
export * from './kubernetes';
