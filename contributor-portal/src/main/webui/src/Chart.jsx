// A bar chart of a grouped aggregate, drawn as SVG (no chart library).
import { useState } from 'react';
import { barModel, valueColumns } from './chart.js';

export function BarChart({ result }) {
  const values = valueColumns(result);
  const [valueIndex, setValueIndex] = useState(values[0]);
  const m = barModel(result, { valueIndex });
  if (!m) return null;
  const top = 24;
  return (
    <figure className="chart">
      {values.length > 1 && (
        <label>
          Chart of
          <select id="chart-value" value={valueIndex} onChange={(e) => setValueIndex(Number(e.target.value))}>
            {values.map((i) => (
              <option key={i} value={i}>
                {result.columns[i].name}
              </option>
            ))}
          </select>
        </label>
      )}
      <svg id="result-chart" width={m.width} height={m.height + top + 4} role="img" aria-labelledby="chart-title">
        <title id="chart-title">{m.title}</title>
        <text x={0} y={14} className="chart-title">
          {m.title}
        </text>
        <line x1={m.zeroX} x2={m.zeroX} y1={top - 4} y2={m.height + top} stroke="#555" />
        {m.bars.map((b, i) => (
          <g key={i} transform={`translate(0, ${top + b.y})`}>
            <text x={m.labelWidth - 8} y={b.height * 0.7} textAnchor="end" className="chart-label">
              {b.label}
            </text>
            <rect x={b.x} y={0} width={Math.max(1, b.width)} height={b.height} className="bar">
              <title>{`${b.label}: ${b.value}`}</title>
            </rect>
            <text x={b.x + b.width + 6} y={b.height * 0.7} className="chart-value">
              {b.value}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
