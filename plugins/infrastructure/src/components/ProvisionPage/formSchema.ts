import { parseEntityRef } from '@backstage/catalog-model';
import {
  FieldError,
  parameterTitle,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import { TeamChoice } from '../../api';

/** What the form holds; environment and kind are chosen above it. */
export type ProvisionFormData = {
  team?: string;
  component?: string;
  namespace?: string;
  name?: string;
  parameters?: Record<string, unknown>;
};

export type ComponentChoice = { ref: string; title: string };

const NAME_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/**
 * The form's JSON schema: Callboard's fields (team, component, namespace,
 * name) around the XRD's own `spec.parameters` schema, used as served so a
 * platform team's change to the XRD changes the form with no code change.
 */
export function buildFormSchema(options: {
  xrd: XrdSummary;
  teams: TeamChoice[];
  anyTeam: boolean;
  components: ComponentChoice[];
  team?: string;
}): RJSFSchema {
  const { xrd, teams, anyTeam, components } = options;
  const namespaces =
    teams.find(team => team.ref === options.team)?.namespaces ?? [];
  const parameters = withTitles(xrd.parametersSchema);
  return {
    type: 'object',
    required: ['team', 'component', 'namespace', 'name'],
    properties: {
      team: {
        type: 'string',
        title: 'Owning team',
        description: anyTeam
          ? 'As an admin you may provision for any team'
          : 'One of the teams you belong to',
        ...(teams.length > 0 ? { enum: teams.map(team => team.ref) } : {}),
      },
      component: {
        type: 'string',
        title: 'Component',
        description: 'The component this database serves',
        ...(components.length > 0
          ? { enum: components.map(component => component.ref) }
          : {}),
      },
      namespace: {
        type: 'string',
        title: 'Namespace',
        description:
          options.team && namespaces.length === 0
            ? `${options.team} has no namespaces: ask the platform team to set callboard.dev/kubernetes-namespaces on the group`
            : "One of the team's namespaces",
        ...(namespaces.length > 0 ? { enum: namespaces } : {}),
      },
      name: {
        type: 'string',
        title: 'Name',
        description:
          'Lower case letters, digits and dashes; also the name of the catalog Resource',
        pattern: NAME_PATTERN,
        maxLength: 63,
      },
      // The kind's own description is already shown beside the kind picker.
      parameters: {
        ...parameters,
        type: 'object',
        title: 'Parameters',
      },
    },
  };
}

/**
 * The XRD's parameters schema with a title on every field, so the form labels each with the
 * XRD's own title or its key in words, as the Resize dialog does, never the bare key.
 */
function withTitles(parametersSchema: Record<string, unknown>): RJSFSchema {
  const properties = parametersSchema.properties as
    | Record<string, RJSFSchema>
    | undefined;
  if (!properties) return parametersSchema as RJSFSchema;
  return {
    ...parametersSchema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([key, property]) => [
        key,
        { ...property, title: parameterTitle(parametersSchema, key) },
      ]),
    ),
  } as RJSFSchema;
}

export function buildUiSchema(options: {
  teams: TeamChoice[];
  components: ComponentChoice[];
}): UiSchema {
  return {
    'ui:order': ['team', 'component', 'namespace', 'name', 'parameters'],
    team: {
      'ui:enumNames': options.teams.map(
        team => team.title ?? parseEntityRef(team.ref).name,
      ),
    },
    component: {
      'ui:enumNames': options.components.map(component => component.title),
    },
    'ui:submitButtonOptions': { norender: true },
  };
}

const FIELD_PREFIXES: Array<[RegExp, string[]]> = [
  [/^spec\.parameters\./, ['parameters']],
  [/^metadata\.name$/, ['name']],
  [/^metadata\.namespace$/, ['namespace']],
];

/**
 * The API server's field errors placed on the form's fields (`extraErrors`),
 * in its own words. Errors on fields the form does not show come back as
 * `unplaced`, to be shown above the form.
 */
export function errorsOnFields(fieldErrors: FieldError[]): {
  extraErrors: ErrorSchema;
  unplaced: FieldError[];
} {
  const extraErrors: Record<string, any> = {};
  const unplaced: FieldError[] = [];
  for (const error of fieldErrors) {
    const match = FIELD_PREFIXES.find(([pattern]) => pattern.test(error.field));
    if (!match) {
      unplaced.push(error);
      continue;
    }
    const [pattern, base] = match;
    const rest = error.field.replace(pattern, '');
    const path = [...base, ...(rest ? rest.split('.') : [])];
    let node = extraErrors;
    for (const key of path) {
      node[key] = node[key] ?? {};
      node = node[key];
    }
    node.__errors = [...(node.__errors ?? []), error.message];
  }
  return { extraErrors: extraErrors as ErrorSchema, unplaced };
}
