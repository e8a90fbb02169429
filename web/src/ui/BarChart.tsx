/** A small horizontal bar chart (recharts); loaded on demand so the main bundle stays small. */
import { Bar, BarChart as RBarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface BarDatum {
  label: string;
  value: number;
}

interface Props {
  data: BarDatum[];
  /** Values in the tooltip. */
  format?: (v: number) => string;
  /** Axis ticks (defaults to format). */
  tickFormat?: (v: number) => string;
  height?: number;
  /** Counts: whole-number ticks only (a count of 1 drew ticks at 0.25, 0.5, 0.75). */
  integer?: boolean;
}

export default function BarChart({ data, format = String, tickFormat = format, height, integer }: Props) {
  return (
    <div className="chart" style={{ height: height ?? Math.max(120, data.length * 28 + 30) }}>
      <ResponsiveContainer width="100%" height="100%">
        <RBarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="var(--line)" />
          <XAxis type="number" allowDecimals={!integer} tickFormatter={tickFormat} tick={{ fontSize: 11 }} stroke="var(--muted)" />
          <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 12 }} stroke="var(--muted)" />
          <Tooltip formatter={(v) => format(Number(v))} cursor={{ fill: 'var(--hover)' }} />
          <Bar dataKey="value" fill="var(--accent)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
        </RBarChart>
      </ResponsiveContainer>
    </div>
  );
}
