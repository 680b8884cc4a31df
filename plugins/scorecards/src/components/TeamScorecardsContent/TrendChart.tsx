import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import Typography from '@material-ui/core/Typography';
import { TrendPoint } from '@callboard/plugin-scorecards-common';

/**
 * Indexes of scored days with no scored day beside them. A line needs two points, so such a
 * day (the first day of a new portal, or one between gaps) would draw nothing: it gets a dot.
 */
export function isolatedPoints(points: TrendPoint[]): Set<number> {
  const scored = (index: number) =>
    points[index] !== undefined && points[index].score !== null;
  return new Set(
    points
      .map((_, index) => index)
      .filter(
        index => scored(index) && !scored(index - 1) && !scored(index + 1),
      ),
  );
}

/** The team's mean score per day over the window. */
export function TrendChart(props: { points: TrendPoint[]; title: string }) {
  const isolated = isolatedPoints(props.points);
  const firstScored = props.points.find(point => point.score !== null);
  return (
    <figure aria-label={`${props.title} trend`} style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={props.points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" minTickGap={24} />
          <YAxis domain={[0, 100]} />
          <Tooltip />
          <Line
            type="stepAfter"
            dataKey="score"
            name="score"
            dot={({ cx, cy, index, key, stroke }) =>
              isolated.has(index) ? (
                <circle
                  key={key}
                  cx={cx}
                  cy={cy}
                  r={4}
                  fill={stroke}
                  aria-label={`score on ${props.points[index].date}`}
                />
              ) : (
                <g key={key} />
              )
            }
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
      {firstScored && firstScored !== props.points[0] && (
        <Typography component="figcaption" variant="caption">
          Scored since {firstScored.date}: there is no history before.
        </Typography>
      )}
    </figure>
  );
}
