import { usePermission } from '@backstage/plugin-permission-react';
import {
  infrastructureClaimDeletePermission,
  infrastructureClaimUpdatePermission,
} from '@callboard/plugin-infrastructure-common';
import { ClaimStorage } from '@callboard/plugin-infrastructure-common';
import { Box, Button } from '@material-ui/core';
import { useState } from 'react';
import { ClaimOfEntity } from '../../claimOfEntity';
import { DeleteDialog } from './DeleteDialog';
import { ResizeDialog } from './ResizeDialog';

/**
 * Resize and Delete, offered to whoever the permission policy lets (the owners).
 * Resize waits for the live status, which says which parameter holds the storage
 * and how large it is: storage only grows.
 */
export function ClaimActions(props: {
  entityRef: string;
  claim: ClaimOfEntity;
  storage?: ClaimStorage;
}) {
  const update = usePermission({
    permission: infrastructureClaimUpdatePermission,
    resourceRef: props.entityRef,
  });
  const remove = usePermission({
    permission: infrastructureClaimDeletePermission,
    resourceRef: props.entityRef,
  });
  const [open, setOpen] = useState<'resize' | 'delete'>();
  if (!update.allowed && !remove.allowed) return null;
  return (
    <Box display="flex" gridGap={8}>
      {update.allowed && (
        <Button
          variant="outlined"
          disabled={!props.storage}
          onClick={() => setOpen('resize')}
        >
          Resize
        </Button>
      )}
      {remove.allowed && (
        <Button
          variant="outlined"
          color="secondary"
          onClick={() => setOpen('delete')}
        >
          Delete
        </Button>
      )}
      {open === 'resize' && props.storage && (
        <ResizeDialog
          open
          onClose={() => setOpen(undefined)}
          claim={props.claim}
          entityRef={props.entityRef}
          storage={props.storage}
        />
      )}
      {open === 'delete' && (
        <DeleteDialog
          open
          onClose={() => setOpen(undefined)}
          claim={props.claim}
          entityRef={props.entityRef}
        />
      )}
    </Box>
  );
}
