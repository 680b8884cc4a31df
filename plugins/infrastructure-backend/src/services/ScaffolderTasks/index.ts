export { HttpScaffolderTasks } from './ScaffolderTasks';
export type { ScaffolderTasks } from './ScaffolderTasks';
