import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

const serviceNameField = FormFieldBlueprint.make({
  name: 'service-name',
  params: {
    field: () =>
      import('./ServiceNameField').then(m =>
        createFormField({
          name: 'ServiceName',
          component: m.ServiceNameField,
          validation: m.serviceNameValidation,
        }),
      ),
  },
});

/** Callboard's scaffolder form fields: `ui:field: ServiceName` in templates/. */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNameField],
});
