import { useApi } from '@backstage/frontend-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import { infrastructureApiRef } from '../../api';
import { ClaimOfEntity } from '../../claimOfEntity';
import { TaskProgress } from '../TaskProgress';
import { useClaimTask } from './useClaimTask';

/** Deleting a database needs its name typed again; the action checks it as well. */
export function DeleteDialog(props: {
  open: boolean;
  onClose: () => void;
  claim: ClaimOfEntity;
  entityRef: string;
}) {
  const { claim } = props;
  const api = useApi(infrastructureApiRef);
  const [typed, setTyped] = useState('');
  const confirmed = typed === claim.name;
  const { taskId, error, submitting, submit } = useClaimTask(() =>
    api.remove({ entityRef: props.entityRef, confirmName: typed }),
  );

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>Delete {claim.name}</DialogTitle>
      <DialogContent>
        {taskId ? (
          <TaskProgress taskId={taskId} />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              This deletes {claim.kind} {claim.namespace}/{claim.name} in{' '}
              {claim.environment}, and with it the data it holds. Type{' '}
              <strong>{claim.name}</strong> to confirm.
            </Typography>
            <TextField
              id="confirm-name"
              label="Name to confirm"
              value={typed}
              onChange={e => setTyped(e.target.value)}
              error={typed !== '' && !confirmed}
              helperText={
                typed !== '' && !confirmed
                  ? `Type '${claim.name}' exactly`
                  : undefined
              }
              fullWidth
            />
            {error && (
              <Typography color="error" role="alert">
                {error}
              </Typography>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{taskId ? 'Close' : 'Cancel'}</Button>
        {!taskId && (
          <Button
            color="secondary"
            variant="contained"
            disabled={!confirmed || submitting}
            onClick={submit}
          >
            Delete
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
