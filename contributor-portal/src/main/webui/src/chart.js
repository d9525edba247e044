// A bar chart of a grouped aggregate: the model (which columns, scaled bars) is plain data so that
// it can be tested; Chart.jsx draws it as SVG.

const NUMERIC = /^(int|integer|bigint|smallint|tinyint|long|short|double|float|real|decimal|numeric)/i;

function isNumericColumn(column, rows, index) {
  if (column.type && NUMERIC.test(String(column.type))) return true;
  return rows.length > 0 && rows.every((r) => r[index] === null || (r[index] !== '' && !Number.isNaN(Number(r[index]))));
}

/** The indexes of a result's numeric columns: the values a chart may show. */
export function valueColumns(result) {
  if (!result || !result.columns || !result.rows) return [];
  return result.columns.map((c, i) => (isNumericColumn(c, result.rows, i) ? i : -1)).filter((i) => i >= 0);
}

/**
 * The bars of a result: the labels are the non-numeric columns joined, the value the numeric
 * column `valueIndex` (default: the first). Null when the result has no such pair or no rows.
 */
export function barModel(result, { width = 640, barHeight = 22, gap = 6, labelWidth = 180, valueIndex: chosen } = {}) {
  if (!result || !result.columns || !result.rows || result.rows.length === 0) return null;
  const { columns, rows } = result;
  const numeric = columns.map((c, i) => isNumericColumn(c, rows, i));
  const labels = columns.map((_, i) => i).filter((i) => !numeric[i]);
  const valueIndex = chosen !== undefined && numeric[chosen] ? chosen : numeric.findIndex((n) => n);
  if (labels.length === 0 || valueIndex < 0) return null;
  const values = rows.map((r) => (r[valueIndex] === null ? 0 : Number(r[valueIndex])));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plot = width - labelWidth - 70;
  const zeroX = labelWidth + ((0 - min) / span) * plot;
  const bars = rows.map((r, i) => {
    const v = values[i];
    const len = (Math.abs(v) / span) * plot;
    return {
      label: labels.map((li) => (r[li] === null ? '(null)' : String(r[li]))).join(' · '),
      value: v,
      x: v >= 0 ? zeroX : zeroX - len,
      y: i * (barHeight + gap),
      width: len,
      height: barHeight,
    };
  });
  return {
    title: `${columns[valueIndex].name} by ${labels.map((i) => columns[i].name).join(', ')}`,
    valueName: columns[valueIndex].name,
    bars,
    width,
    height: rows.length * (barHeight + gap),
    labelWidth,
    zeroX,
  };
}
