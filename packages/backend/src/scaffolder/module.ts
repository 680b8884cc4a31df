import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createTaskEventStacksRouter } from './taskEventStacks';

/**
 * Keeps stack traces out of what the scaffolder shows users outside development, as the
 * backend's error handler already does for error bodies. Development keeps them.
 */
export const scaffolderTaskEventStacksModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'callboard-task-event-stacks',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        if (process.env.NODE_ENV !== 'development') {
          httpRouter.use(createTaskEventStacksRouter());
        }
      },
    });
  },
});
