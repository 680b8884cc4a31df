import { makeStyles } from '@material-ui/core';
import { CallboardMark } from './CallboardMark';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  text: { fill: '#ffffff', fontFamily: 'inherit', fontWeight: 700 },
});

export function LogoFull() {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 40"
      role="img"
      aria-label="Callboard"
    >
      <CallboardMark />
      <text className={classes.text} x="48" y="29" fontSize="26">
        Callboard
      </text>
    </svg>
  );
}
