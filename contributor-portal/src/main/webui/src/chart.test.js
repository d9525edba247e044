import { describe, expect, it } from 'vitest';
import { barModel, valueColumns } from './chart.js';

describe('barModel', () => {
  const result = {
    columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'avg_cost', type: 'DECIMAL(12,2)' }],
    rows: [['north', 40, '10.50'], ['south', 10, '3.25'], [null, 20, '1.00']],
  };

  it('takes the first text column as labels and the first number column as values', () => {
    const m = barModel(result, { width: 500, labelWidth: 100 });
    expect(m.title).toBe('n by region');
    expect(m.bars.map((b) => b.label)).toEqual(['north', 'south', '(null)']);
    expect(m.bars.map((b) => b.value)).toEqual([40, 10, 20]);
  });

  it('scales bars to the largest value', () => {
    const m = barModel(result, { width: 500, labelWidth: 100 });
    const plot = 500 - 100 - 70;
    expect(m.bars[0].width).toBeCloseTo(plot);
    expect(m.bars[1].width).toBeCloseTo(plot / 4);
    expect(m.bars.every((b) => b.x === 100)).toBe(true);
  });

  it('draws negative values left of zero', () => {
    const m = barModel({ columns: [{ name: 'k' }, { name: 'v' }], rows: [['a', -5], ['b', 5]] }, { width: 270, labelWidth: 100 });
    expect(m.zeroX).toBeCloseTo(150);
    expect(m.bars[0].x + m.bars[0].width).toBeCloseTo(150);
    expect(m.bars[1].x).toBeCloseTo(150);
  });

  it('has no chart without a label and a value column or without rows', () => {
    expect(barModel({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [[1]] })).toBeNull();
    expect(barModel({ columns: [{ name: 'a' }, { name: 'n', type: 'BIGINT' }], rows: [] })).toBeNull();
    expect(barModel(null)).toBeNull();
  });

  it('shows the value column chosen among the numeric ones', () => {
    expect(valueColumns(result)).toEqual([1, 2]);
    const m = barModel(result, { valueIndex: 2 });
    expect(m.title).toBe('avg_cost by region');
    expect(m.bars.map((b) => b.value)).toEqual([10.5, 3.25, 1]);
    expect(barModel(result, { valueIndex: 0 }).title).toBe('n by region');
  });
});
