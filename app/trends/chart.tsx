import { monthLabel, monthShortLabel, type TrendMonth } from "@/lib/trends/filters";

// A stacked bar chart as small server-rendered SVG (no client JS), one bar a month, in a
// <figure> with its <figcaption>, and its numbers in a real table under "Show the numbers": the
// picture is for a glance, the table is the information. Each series has a fill pattern as well
// as a colour, and the legend shows both, so colour is never the only cue; each bar carries its
// total as a direct label.

/** How a series' segments are filled: a colour and a pattern over it. */
export type FillPattern = "solid" | "stripes" | "dots" | "crosshatch";

export interface ChartSeries {
  key: string;
  label: string;
  colour: string;
  pattern: FillPattern;
}

export interface StackedBarChartProps {
  /** Unique on the page: it prefixes the patterns' ids. */
  id: string;
  title: string;
  /** A sentence under the title: what is counted, and when. */
  description: string;
  months: TrendMonth[];
  series: ChartSeries[];
  /** values[month][series], aligned with `months` and `series`. */
  values: number[][];
  /** What a bar counts ("proof point", "proof points"), for the summary. */
  unit: { one: string; many: string };
}

// The drawing's own units: the viewBox scales to the width it is given.
const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 44;
const RIGHT = 8;
const TOP = 20;
const BOTTOM = 36;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** A round top for the axis (1, 2, 5 × 10ⁿ), at least 4, and its ticks. */
export function axisTicks(max: number): number[] {
  const target = Math.max(max, 4);
  const raw = target / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const top = Math.ceil(target / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, n) => n * step);
}

const counted = (n: number, unit: { one: string; many: string }) => `${n} ${n === 1 ? unit.one : unit.many}`;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** What the chart shows, in one sentence or three, for its aria-label. */
export function chartSummary({ title, months, series, values, unit }: StackedBarChartProps): string {
  const first = monthLabel(months[0]!);
  const lastIndex = months.length - 1;
  const last = monthLabel(months[lastIndex]!);
  const latest = values[lastIndex]!;
  const totals = values.map(sum);
  const peak = Math.max(...totals);
  const peakMonth = months[totals.indexOf(peak)]!;
  const latestWords =
    series.length === 1
      ? counted(latest[0]!, unit)
      : `${series.map((s, n) => `${latest[n]} ${s.label.toLowerCase()}`).join(", ")}; ${counted(sum(latest), unit)} in all`;
  return (
    `${title}, a bar a month from ${first} to ${last}. ${last}: ${latestWords}. ` +
    (peak === 0 ? "None in any month." : `Most in ${monthLabel(peakMonth)}: ${counted(peak, unit)}.`)
  );
}

function PatternDefs({ id, series }: { id: string; series: ChartSeries[] }) {
  return (
    <defs>
      {series.map((s) => (
        <pattern key={s.key} id={`${id}-${s.key}`} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" fill={s.colour} />
          {s.pattern === "stripes" && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="white" strokeWidth="1.5" />}
          {s.pattern === "dots" && <circle cx="4" cy="4" r="1.6" fill="white" />}
          {s.pattern === "crosshatch" && <path d="M0,4 h8 M4,0 v8" stroke="white" strokeWidth="1.2" />}
        </pattern>
      ))}
    </defs>
  );
}

/** A legend swatch: the series' pattern in a little square, for sighted readers (the words carry it all). */
function Swatch({ id, series }: { id: string; series: ChartSeries }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="shrink-0">
      <rect x="0.5" y="0.5" width="15" height="15" fill={`url(#${id}-${series.key})`} stroke="#314158" />
    </svg>
  );
}

export function StackedBarChart(props: StackedBarChartProps) {
  const { id, title, description, months, series, values } = props;
  const ticks = axisTicks(Math.max(0, ...values.map(sum)));
  const top = ticks.at(-1)!;
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const slot = PLOT_WIDTH / months.length;
  const barWidth = slot * 0.62;
  const single = series.length === 1;
  return (
    <figure className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="space-y-1">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-700">{description}</p>
      </figcaption>
      {!single && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800" aria-label="Legend">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <Swatch id={id} series={s} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={chartSummary(props)}
        className="h-auto w-full"
        preserveAspectRatio="xMidYMid meet"
      >
        <PatternDefs id={id} series={series} />
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#314158">
              {tick}
            </text>
          </g>
        ))}
        {months.map((month, m) => {
          const x = LEFT + m * slot + (slot - barWidth) / 2;
          let base = 0;
          const total = sum(values[m]!);
          return (
            <g key={month.month} data-month={month.month}>
              {series.map((s, n) => {
                const value = values[m]![n]!;
                const from = base;
                base += value;
                return value === 0 ? null : (
                  <rect
                    key={s.key}
                    data-series={s.key}
                    data-value={value}
                    x={x}
                    width={barWidth}
                    y={y(base)}
                    height={y(from) - y(base)}
                    fill={`url(#${id}-${s.key})`}
                    stroke="white"
                    strokeWidth="0.75"
                  />
                );
              })}
              <text x={x + barWidth / 2} y={y(total) - 5} textAnchor="middle" fontSize="11" fill="#0f172b" data-total>
                {total}
              </text>
              <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 16} textAnchor="middle" fontSize="11" fill="#314158">
                {monthShortLabel(month.month)}
              </text>
              {/* Under the first month and each January, its year; under this month, "so far". */}
              {(month.soFar || m === 0 || month.month.endsWith("-01-01")) && (
                <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 30} textAnchor="middle" fontSize="10" fill="#314158">
                  {month.soFar ? "so far" : month.month.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} stroke="#314158" />
      </svg>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800 underline">Show the numbers</summary>
        {/* A narrow screen scrolls the table sideways: from the keyboard too, so it takes focus. */}
        <div
          className="mt-2 overflow-x-auto focus-visible:outline-2 focus-visible:outline-blue-700"
          role="region"
          aria-label={`${title}: the numbers`}
          tabIndex={0}
        >
          <table className="w-full border-collapse text-left" data-chart-table={id}>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-1 pr-4">
                  Month
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="py-1 pr-4 text-right">
                    {s.label}
                  </th>
                ))}
                {!single && (
                  <th scope="col" className="py-1 pr-4 text-right">
                    Total
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {months.map((month, m) => (
                <tr key={month.month} className="border-b border-slate-200" data-month={month.month}>
                  <th scope="row" className="py-1 pr-4 font-normal">
                    {monthLabel(month)}
                  </th>
                  {series.map((s, n) => (
                    <td key={s.key} className="py-1 pr-4 text-right tabular-nums" data-series={s.key}>
                      {values[m]![n]}
                    </td>
                  ))}
                  {!single && <td className="py-1 pr-4 text-right tabular-nums">{sum(values[m]!)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
