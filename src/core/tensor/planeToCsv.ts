/**
 * CSV export of a 2-D plane: one CSV row per plane row, values in full precision
 * (float32 to 9 significant digits so a round trip is exact), NaN/Inf spelled as NumPy
 * (`nan`, `inf`, `-inf`) so `np.loadtxt(..., delimiter=',')` reads the file back.
 */
import { isIntegerDtype } from './numericData';

/** Formats one value for display or CSV according to its source dtype. */
export function formatValue(v: number, dtype: string, maxDigits?: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (isIntegerDtype(dtype)) return String(v);
  const digits = maxDigits ?? (dtype === 'float64' ? 17 : dtype === 'float16' ? 5 : 9);
  // toPrecision then Number drops trailing zeros ("1.50000000" -> 1.5).
  return String(Number(v.toPrecision(digits)));
}

/** CSV text of a row-major plane of `rows` × `cols` values. */
export function planeToCsv(values: ArrayLike<number>, rows: number, cols: number, dtype: string): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = new Array<string>(cols);
    for (let c = 0; c < cols; c++) cells[c] = formatValue(values[r * cols + c]!, dtype);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
