import {
  Link,
  LogViewer,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useTaskEventStream } from '@backstage/plugin-scaffolder-react';
import { Box, makeStyles, Typography } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  log: { height: 240, marginTop: theme.spacing(1) },
  steps: { listStyle: 'none', paddingLeft: 0 },
}));

function StepStatus({ status }: { status: string }) {
  switch (status) {
    case 'completed':
      return <StatusOK>done</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    case 'processing':
      return <StatusRunning>running</StatusRunning>;
    case 'skipped':
      return <StatusPending>skipped</StatusPending>;
    default:
      return <StatusPending>{status}</StatusPending>;
  }
}

/**
 * A provisioning, resize or delete task as it runs: each step's state, the
 * log (direct mode streams the claim's conditions there until Ready), and
 * at the end the task's links (the Resource, or the pull request).
 */
export function TaskProgress({ taskId }: { taskId: string }) {
  const classes = useStyles();
  const stream = useTaskEventStream(taskId);
  const log = Object.values(stream.stepLogs).flat().join('\n');
  const failed = stream.task?.status === 'failed' || Boolean(stream.error);
  const links = stream.output?.links ?? [];
  const texts = (stream.output?.text ?? []) as {
    title?: string;
    content?: string;
  }[];

  return (
    <Box aria-label="Task progress" role="region">
      <Typography variant="body2">
        Task <Link to={`/create/tasks/${taskId}`}>{taskId}</Link> (full log and
        history in the scaffolder)
      </Typography>
      {stream.loading && <Progress />}
      <ul className={classes.steps}>
        {stream.task?.spec.steps.map(step => (
          <li key={step.id}>
            <StepStatus status={stream.steps[step.id]?.status ?? 'open'} />{' '}
            {step.name}
          </li>
        ))}
      </ul>
      {failed && (
        <WarningPanel
          severity="error"
          defaultExpanded
          title="The task failed; see its log"
          message={stream.error?.message}
        />
      )}
      {stream.completed && !failed && (
        <Box>
          {texts.map(text => (
            <Typography key={text.title} variant="body1">
              {text.title}: {text.content}
            </Typography>
          ))}
          {links.map(link =>
            link.entityRef ? (
              <Typography key={link.entityRef} variant="body1">
                {link.title}: <EntityRefLink entityRef={link.entityRef} />
              </Typography>
            ) : (
              <Typography key={link.url} variant="body1">
                <Link to={link.url ?? ''}>{link.title ?? link.url}</Link>
              </Typography>
            ),
          )}
        </Box>
      )}
      {log && (
        <div className={classes.log}>
          <LogViewer text={log} />
        </div>
      )}
    </Box>
  );
}
