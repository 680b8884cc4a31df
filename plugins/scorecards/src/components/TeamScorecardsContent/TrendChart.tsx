import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { TrendPoint } from '@callboard/plugin-scorecards-common';

/** The team's mean score per day over the window. */
export function TrendChart(props: { points: TrendPoint[]; title: string }) {
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
            dot={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
