import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

const MAX_DAYS = 180;

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Asks for a reason and an expiry of at most 180 days; the backend checks both again. */
export function ExemptionDialog(props: {
  open: boolean;
  checkTitle: string;
  onClose: () => void;
  onSubmit: (request: { reason: string; expiresAt: string }) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(inDays(30));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit({
        reason,
        expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
      });
      setReason('');
      props.onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="exemption-title"
    >
      <DialogTitle id="exemption-title">
        Request an exemption from “{props.checkTitle}”
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          A platform admin reviews the request. Once approved, the check counts
          as passing until the exemption expires (at most {MAX_DAYS} days).
        </Typography>
        <TextField
          id="exemption-reason"
          label="Reason"
          multiline
          minRows={3}
          fullWidth
          required
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Why the check does not apply now, and what happens before the expiry"
        />
        <TextField
          id="exemption-expiry"
          label="Expires on"
          type="date"
          fullWidth
          margin="normal"
          value={expires}
          onChange={e => setExpires(e.target.value)}
          inputProps={{ min: inDays(1), max: inDays(MAX_DAYS) }}
          InputLabelProps={{ shrink: true }}
        />
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || reason.trim().length < 10}
          onClick={submit}
        >
          Send request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
