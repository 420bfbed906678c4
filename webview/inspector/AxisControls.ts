/**
 * N-d slicing controls: which two axes are displayed (rows, columns) and a slider plus
 * number input for the index of every other axis.
 */
import { PlaneSpec, viewShape } from '../../src/core/tensor/slicePlane';
import { TensorLayout } from '../../src/core/tensor/detectLayout';
import { h, select } from './dom';

/** Name of axis `a` for the selects, e.g. "axis 1 C (3)", "axis 2 in (64)". */
function axisLabel(a: number, n: number, layout: TensorLayout): string {
  const role = layout.axisNames?.[a] ?? '';
  return `axis ${a}${role ? ` ${role}` : ''} (${n})`;
}

/** The default spec for a tensor: the layout's display axes, middle slices of other spatial axes. */
export function defaultSpec(shape: number[], layout: TensorLayout): PlaneSpec {
  const vs = viewShape(shape);
  const indices = vs.map((n, a) => (layout.spatialAxes.includes(a) && shape.length >= 2 ? Math.floor(n / 2) : 0));
  return { rowAxis: layout.rowAxis, colAxis: layout.colAxis, indices };
}

export class AxisControls {
  readonly el = h('div', { class: 'axes', 'data-testid': 'axes' });

  constructor(private readonly onChange: (spec: PlaneSpec) => void) {}

  /** Renders controls for `shape` with `spec` selected. */
  render(shape: number[], layout: TensorLayout, spec: PlaneSpec): void {
    const vs = viewShape(shape);
    this.el.textContent = '';
    if (shape.length < 2) return; // one row: nothing to choose
    const axes = vs.map((n, a): [string, string] => [String(a), axisLabel(a, n, layout)]);
    const set = (patch: Partial<PlaneSpec>): void => {
      const next = { ...spec, indices: [...spec.indices], ...patch };
      // Choosing the other display axis for rows/cols swaps them.
      if (next.rowAxis === next.colAxis) {
        if (patch.rowAxis !== undefined) next.colAxis = spec.rowAxis; else next.rowAxis = spec.colAxis;
      }
      this.onChange(next);
    };
    this.el.append(
      h('label', {}, 'rows ', select(axes, String(spec.rowAxis), (v) => set({ rowAxis: Number(v) }), 'axis shown as rows')),
      h('label', {}, 'cols ', select(axes, String(spec.colAxis), (v) => set({ colAxis: Number(v) }), 'axis shown as columns')),
    );
    vs.forEach((n, a) => {
      if (a === spec.rowAxis || a === spec.colAxis) return;
      const slider = h('input', { type: 'range', min: 0, max: n - 1, value: spec.indices[a] ?? 0, 'data-axis': a });
      const num = h('input', { type: 'number', min: 0, max: n - 1, value: spec.indices[a] ?? 0, class: 'index' });
      const apply = (v: string): void => {
        const i = Math.min(n - 1, Math.max(0, Math.trunc(Number(v) || 0)));
        const indices = [...spec.indices];
        indices[a] = i;
        set({ indices });
      };
      slider.addEventListener('input', () => { num.value = slider.value; apply(slider.value); });
      num.addEventListener('change', () => apply(num.value));
      this.el.append(h('label', { class: 'slider' }, `${axisLabel(a, n, layout)} `, slider, num));
    });
  }
}
