import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  Environment,
  FieldError,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import type { JsonObject } from '@backstage/types';
import { Box, Button, Typography } from '@material-ui/core';
import { Form } from '@rjsf/material-ui';
import type { ErrorSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useState } from 'react';
import { infrastructureApiRef, TeamChoice } from '../../api';
import { errorMessage } from '../../errorMessage';
import {
  buildFormSchema,
  buildUiSchema,
  ComponentChoice,
  errorsOnFields,
  ProvisionFormData,
} from './formSchema';

/**
 * The XRD's form. Submitting runs the server's dry run first (every guard
 * and `dryRun=All`); only when the API server accepts the claim does a
 * scaffolder task start.
 */
export function ProvisionForm(props: {
  environment: Environment;
  xrd: XrdSummary;
  teams: TeamChoice[];
  anyTeam: boolean;
  components: ComponentChoice[];
  initial: ProvisionFormData;
  templateRef: string;
  onTaskStarted: (taskId: string) => void;
}) {
  const { environment, xrd, teams, anyTeam, components } = props;
  const api = useApi(infrastructureApiRef);
  const scaffolderApi = useApi(scaffolderApiRef);
  const [formData, setFormData] = useState<ProvisionFormData>(props.initial);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>();
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const [refusal, setRefusal] = useState<{
    title: string;
    message?: string;
  }>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<'checking' | 'starting'>();

  const schema = useMemo(
    () =>
      buildFormSchema({ xrd, teams, anyTeam, components, team: formData.team }),
    [xrd, teams, anyTeam, components, formData.team],
  );
  const uiSchema = useMemo(
    () => buildUiSchema({ teams, components }),
    [teams, components],
  );

  const submit = async (data: ProvisionFormData) => {
    setExtraErrors(undefined);
    setUnplaced([]);
    setRefusal(undefined);
    setError(undefined);
    const request = {
      environment: environment.name,
      kind: xrd.kind,
      apiVersion: xrd.apiVersion,
      team: data.team ?? '',
      component: data.component ?? '',
      namespace: data.namespace ?? '',
      name: data.name ?? '',
      parameters: (data.parameters ?? {}) as JsonObject,
    };
    try {
      setBusy('checking');
      const verdict = await api.dryRun(request);
      if (!verdict.valid) {
        const placed = errorsOnFields(verdict.fieldErrors);
        setExtraErrors(placed.extraErrors);
        setUnplaced(placed.unplaced);
        setRefusal({
          title: `Cluster '${environment.cluster}' refuses this ${xrd.kind}`,
          message: verdict.message,
        });
        return;
      }
      setBusy('starting');
      const { taskId } = await scaffolderApi.scaffold({
        templateRef: props.templateRef,
        values: { operation: 'create', ...request },
      });
      props.onTaskStarted(taskId);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box>
      {refusal && (
        <Box mb={2}>
          <WarningPanel
            severity="error"
            defaultExpanded
            title={refusal.title}
            message={
              unplaced.length > 0
                ? unplaced.map(u => `${u.field}: ${u.message}`).join('; ')
                : refusal.message
            }
          />
        </Box>
      )}
      {error && (
        <Box mb={2}>
          <WarningPanel
            severity="error"
            defaultExpanded
            title="Nothing was created"
            message={errorMessage(error)}
          />
        </Box>
      )}
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={validator}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        onChange={event => {
          const next: ProvisionFormData = event.formData ?? {};
          if (next.team !== formData.team) {
            // Another team's namespaces: start from its first one.
            next.namespace = teams.find(
              t => t.ref === next.team,
            )?.namespaces[0];
          }
          setFormData(next);
          if (extraErrors) setExtraErrors(undefined);
        }}
        onSubmit={event => submit((event.formData ?? {}) as ProvisionFormData)}
      >
        <Box mt={2} display="flex" alignItems="center" gridGap={16}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={Boolean(busy)}
          >
            {environment.delivery === 'direct'
              ? `Provision in ${environment.title}`
              : `Propose for ${environment.title}`}
          </Button>
          <Typography variant="body2" color="textSecondary">
            {busy === 'checking' &&
              `Checking with cluster '${environment.cluster}' (dry run)…`}
            {busy === 'starting' && 'Starting the task…'}
            {!busy &&
              (environment.delivery === 'direct'
                ? 'Applied to the cluster directly; the task waits until it is Ready.'
                : 'Proposed by pull request to the infrastructure repository; the task ends with its link.')}
          </Typography>
        </Box>
      </Form>
    </Box>
  );
}
