import { makeStyles } from '@material-ui/core';
import { CallboardMark } from './CallboardMark';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
});

export function LogoIcon() {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 40 40"
      role="img"
      aria-label="Callboard"
    >
      <CallboardMark />
    </svg>
  );
}
