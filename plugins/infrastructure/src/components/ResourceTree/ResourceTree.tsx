import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import { ResourceNode } from '@callboard/plugin-infrastructure-common';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    paddingLeft: theme.spacing(3),
  },
  root: { listStyle: 'none', margin: 0, padding: 0 },
  detail: { marginLeft: theme.spacing(3) },
}));

function Readiness({ node }: { node: ResourceNode }) {
  if (node.ready === 'True') return <StatusOK>Ready</StatusOK>;
  if (node.ready === 'False') return <StatusError>Not ready</StatusError>;
  return <StatusPending>Readiness unknown</StatusPending>;
}

function Node({ node }: { node: ResourceNode }) {
  const classes = useStyles();
  const label = `${node.kind} ${node.name}`;
  return (
    <li aria-label={label}>
      <Typography variant="body2" component="span">
        <Readiness node={node} /> <strong>{node.kind}</strong> {node.name}
        {node.namespace ? ` (namespace ${node.namespace})` : ''}
      </Typography>
      {node.ready !== 'True' && (node.reason || node.message) && (
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          className={classes.detail}
        >
          {[node.reason, node.message].filter(Boolean).join(': ')}
        </Typography>
      )}
      {node.children.length > 0 && (
        <ul className={classes.list}>
          {node.children.map(child => (
            <Node
              key={`${child.apiVersion}/${child.kind}/${child.namespace}/${child.name}`}
              node={child}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The claim, its composite and the composed resources, each with its readiness. */
export function ResourceTree({ tree }: { tree: ResourceNode }) {
  const classes = useStyles();
  return (
    <ul className={classes.root} aria-label="Composed resources">
      <Node node={tree} />
    </ul>
  );
}
