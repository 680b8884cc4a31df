import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { checkServiceName, freeMessage, takenMessage } from './serviceNames';

/** Long enough not to ask on every keystroke, short enough to answer before the user looks. */
export const CHECK_DELAY_MS = 400;

function useNameCheck(name: string) {
  const apis = useApiHolder();
  const [settled, setSettled] = useState(name);
  useDebounce(() => setSettled(name), CHECK_DELAY_MS, [name]);
  const state = useAsync(async () => {
    // The backend applies the naming rule too, so the rule has one home and one wording.
    if (!settled) {
      return undefined;
    }
    return checkServiceName(apis, settled);
  }, [apis, settled]);
  return { ...state, pending: settled !== name || state.loading };
}

/**
 * The service name, which is also the repository name. As the user types it says whether the
 * name is free in the catalog and in the GitHub organisation.
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, schema, required, rawErrors, idSchema } = props;
  const name = formData ?? '';
  const check = useNameCheck(name);

  let helperText: string | undefined = schema.description;
  let error = Boolean(rawErrors?.length);
  if (name && check.pending) {
    helperText = `Checking whether ${name} is free…`;
  } else if (check.error) {
    helperText = `Could not check the name: ${check.error.message}`;
  } else if (check.value) {
    const taken = takenMessage(check.value);
    helperText = taken ?? freeMessage(check.value);
    error = Boolean(taken);
  }

  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      value={name}
      onChange={event => onChange(event.target.value.trim())}
      required={required}
      error={error}
      helperText={helperText}
      FormHelperTextProps={{ role: 'status' } as any}
      margin="normal"
      fullWidth
      inputProps={{ autoComplete: 'off', spellCheck: false }}
    />
  );
}

/** Runs on Next and on Create, so a taken name never reaches the task. */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  name,
  validation,
  context,
) => {
  if (!name) {
    return;
  }
  try {
    const check = await checkServiceName(context.apiHolder, name);
    // A name breaking the rule is already refused by the template's pattern.
    const message = check.invalid ? undefined : takenMessage(check);
    if (message) {
      validation.addError(message);
    }
  } catch {
    // Unknown is not taken: the task's own check runs before anything is created.
  }
};
