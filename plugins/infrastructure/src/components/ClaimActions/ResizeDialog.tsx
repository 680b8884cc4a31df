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
import { ClaimStorage } from '@callboard/plugin-infrastructure-common';
import { infrastructureApiRef } from '../../api';
import { ClaimOfEntity } from '../../claimOfEntity';
import { TaskProgress } from '../TaskProgress';
import { useClaimTask } from './useClaimTask';

/**
 * Storage only grows: the dialog refuses a size at or below the current one
 * before anything runs (the action refuses it too, for any other caller).
 */
export function ResizeDialog(props: {
  open: boolean;
  onClose: () => void;
  claim: ClaimOfEntity;
  entityRef: string;
  /** From the live status: the backend's config names the parameter, the XRD titles it. */
  storage: ClaimStorage;
}) {
  const { claim } = props;
  const { title: storageTitle, current: currentSize } = props.storage;
  const api = useApi(infrastructureApiRef);
  const [size, setSize] = useState(String(currentSize ?? ''));
  const value = Number(size);
  const { taskId, error, submitting, submit } = useClaimTask(() =>
    api.resize({ entityRef: props.entityRef, storage: value }),
  );

  let problem: string | undefined;
  if (size.trim() === '' || !Number.isFinite(value)) {
    problem = `${storageTitle} must be a number`;
  } else if (currentSize !== undefined && value <= currentSize) {
    problem = `${storageTitle} can only grow: it is ${currentSize} now, so choose more than ${currentSize}`;
  }

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>Resize {claim.name}</DialogTitle>
      <DialogContent>
        {taskId ? (
          <TaskProgress taskId={taskId} />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              Storage only grows. In {claim.environment} the change goes through
              the same task as provisioning.
            </Typography>
            <TextField
              id="resize-storage"
              label={storageTitle}
              type="number"
              value={size}
              onChange={e => setSize(e.target.value)}
              error={Boolean(problem) && size !== String(currentSize ?? '')}
              helperText={
                problem ??
                (currentSize !== undefined ? `Now ${currentSize}` : undefined)
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
            color="primary"
            variant="contained"
            disabled={Boolean(problem) || submitting}
            onClick={submit}
          >
            Resize
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
