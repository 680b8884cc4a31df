import { TaskStarted } from '@callboard/plugin-infrastructure-common';
import { useState } from 'react';
import { errorMessage } from '../../errorMessage';

/**
 * Starting a resize or a delete and then following its task: both dialogs
 * swap their form for the task's progress once the backend has accepted the
 * request, and show the backend's refusal (which creates nothing) in place.
 */
export function useClaimTask(start: () => Promise<TaskStarted>) {
  const [taskId, setTaskId] = useState<string>();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    setError(undefined);
    setSubmitting(true);
    try {
      setTaskId((await start()).taskId);
    } catch (e) {
      setError(errorMessage(e as Error));
    } finally {
      setSubmitting(false);
    }
  };

  return { taskId, error, submitting, submit };
}
