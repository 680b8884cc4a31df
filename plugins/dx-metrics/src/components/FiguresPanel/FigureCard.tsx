import ButtonBase from '@material-ui/core/ButtonBase';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';
import {
  DX_FIGURE_TITLES,
  DxFigure,
} from '@callboard/plugin-dx-metrics-common';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { formatFigure } from '../../format';
import { BandChip } from './BandChip';

/** One figure: value, band, why it may be missing, its trend, and a way to its records. */
export function FigureCard(props: { figure: DxFigure; onOpen: () => void }) {
  const { figure } = props;
  const title = DX_FIGURE_TITLES[figure.key];
  return (
    <Card variant="outlined" role="region" aria-label={title}>
      <CardContent>
        <Typography variant="subtitle2" color="textSecondary">
          {title}
        </Typography>
        {/* The number itself opens the deployments, pull requests or incidents behind it. */}
        <ButtonBase
          onClick={props.onOpen}
          aria-label={`${title} ${formatFigure(
            figure.key,
            figure.value,
          )}: show the records behind it`}
          title="Show the records behind this figure"
        >
          <Typography variant="h5" component="span" color="primary">
            {formatFigure(figure.key, figure.value)}
          </Typography>
        </ButtonBase>
        <br />
        <BandChip band={figure.band} />
        <Typography variant="caption" display="block" color="textSecondary">
          from {figure.sampleSize} records
        </Typography>
        {figure.note && (
          <Typography variant="body2" role="note">
            {figure.note}
          </Typography>
        )}
        {figure.trend.length > 0 && (
          <figure aria-label={`${title} trend`} style={{ margin: 0 }}>
            <ResponsiveContainer width="100%" height={80}>
              <LineChart data={figure.trend}>
                <XAxis dataKey="start" hide />
                <Tooltip
                  labelFormatter={label => String(label).slice(0, 10)}
                  formatter={value =>
                    formatFigure(figure.key, value as number | null)
                  }
                />
                <Line
                  type="monotone"
                  dataKey="value"
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </figure>
        )}
      </CardContent>
    </Card>
  );
}
