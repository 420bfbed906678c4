/**
 * The exact expressions the inspector sends to debugpy, evaluated by a real python3 with
 * numpy and torch. A small REPL child stands in for the debug adapter: it `eval`s each
 * expression in the script's globals and answers with `repr(result)`, as debugpy does.
 */
import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { createInterface } from 'readline';
import { python3, pythonHas } from '../../helpers/paths';
import { fetchDebugTensor } from '../../../src/core/tensor/fetchDebugTensor';

const SCRIPT = `
import sys, json
import numpy as np, torch
f32 = (np.arange(12, dtype=np.float32).reshape(3, 4) / 3).astype(np.float32)
f32[0, 1] = np.nan
i64 = np.array([[-(2**40), 0, 5], [7, 8, 2**50]], dtype=np.int64)
flags = np.array([True, False, True, True])
t4 = (torch.arange(2 * 3 * 4 * 5, dtype=torch.float32).reshape(2, 3, 4, 5) * 0.5).requires_grad_()
base = np.arange(72, dtype=np.float64).reshape(6, 12)
nc = base[::2, 1::3].T
big = np.arange(64 * 64, dtype=np.float32).reshape(64, 64)
try:
    from PIL import Image
    img = Image.fromarray(np.arange(6 * 5, dtype=np.uint8).reshape(6, 5))
except ImportError:
    img = None
nested = [[1, 2, 3], [4, 5, 6]]
be = np.arange(5, dtype='>i4')
print('ready', flush=True)
for line in sys.stdin:
    try:
        out = {'ok': repr(eval(json.loads(line)))}
    except Exception as e:
        out = {'error': type(e).__name__ + ': ' + str(e)}
    print(json.dumps(out), flush=True)
`;

/** A python3 child answering one expression per line. */
class PythonRepl {
  private readonly proc: ChildProcess;
  private readonly queue: ((line: string) => void)[] = [];
  readonly ready: Promise<void>;
  constructor() {
    this.proc = spawn(python3(), ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const rl = createInterface({ input: this.proc.stdout! });
    let onReady!: () => void;
    this.ready = new Promise((r) => { onReady = r; });
    rl.on('line', (line) => { if (line === 'ready') onReady(); else this.queue.shift()?.(line); });
  }
  evaluate = (expression: string): Promise<string> => new Promise((resolve, reject) => {
    this.queue.push((line) => {
      const r = JSON.parse(line) as { ok?: string; error?: string };
      if (r.error !== undefined) reject(new Error(r.error)); else resolve(r.ok!);
    });
    this.proc.stdin!.write(JSON.stringify(expression) + '\n');
  });
  /** The value as nested lists (the reference). */
  async tolist(expr: string): Promise<unknown> {
    return JSON.parse((await this.evaluate(`__import__('json').dumps(__import__('numpy').asarray(${expr}).tolist())`)).slice(1, -1).replace(/NaN/g, "null"));
  }
  stop(): void { this.proc.kill(); }
}

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [typeof x === 'boolean' ? Number(x) : (x as number)]);
const same = (a: ArrayLike<number>, b: number[]): void => {
  assert.strictEqual(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && b[i] === null), `[${i}] ${a[i]} != ${b[i]}`);
};

describe('debugger expressions (python3 + numpy + torch)', function () {
  let py: PythonRepl | undefined;
  before(async function () {
    // Importing torch takes seconds, much longer on a loaded machine.
    this.timeout(300000);
    if (!pythonHas('numpy', 'torch')) {
      console.log('    skipped: python3 with numpy and torch is not available');
      this.skip();
    }
    py = new PythonRepl();
    await py.ready;
  });
  after(() => py?.stop());

  const cases: [string, string, number[]][] = [
    ['f32', 'float32', [3, 4]],
    ['i64', 'int64', [2, 3]],
    ['flags', 'bool', [4]],
    ['t4', 'float32', [2, 3, 4, 5]],
    ['nc', 'float64', [4, 3]],
    ['img', 'uint8', [6, 5]],
    ['nested', 'int64', [2, 3]],
    ['be', 'int32', [5]],
    ['t4[1, :, ::2]', 'float32', [3, 2, 5]],
  ];
  for (const [expr, dtype, shape] of cases) {
    it(`reads ${expr} as ${dtype}${JSON.stringify(shape)}`, async function () {
      if (expr === 'img' && !pythonHas('PIL')) { console.log('    skipped: PIL not available'); this.skip(); }
      const t = await fetchDebugTensor(py!.evaluate, 'python', expr, { chunkBytes: 30 });
      assert.strictEqual(t.array.dtype, dtype);
      assert.deepStrictEqual(t.array.shape, shape);
      const ref = expr.startsWith('t4') ? await py!.tolist(`(${expr}).detach().numpy()`) : await py!.tolist(expr);
      same(t.array.data as ArrayLike<number>, flat(ref).map((v) => (v === null ? NaN : v)));
      assert.strictEqual(t.note, undefined);
    });
  }

  it('downsamples in the debuggee above the byte cap, with a note', async () => {
    const t = await fetchDebugTensor(py!.evaluate, 'python', 'big', { maxBytes: 32 * 32 * 4 });
    assert.deepStrictEqual(t.array.shape, [32, 32]);
    assert.deepStrictEqual(t.steps, [2, 2]);
    same((t.array.data as Float32Array).subarray(0, 3), [0, 2, 4]);
    assert.match(t.note ?? '', /cap/);
  });

  it('releases the stash and reports bad expressions and dtypes clearly', async () => {
    await fetchDebugTensor(py!.evaluate, 'python', 'f32');
    assert.strictEqual(await py!.evaluate("len(__import__('sys')._medseg_inspect)"), '0');
    await assert.rejects(fetchDebugTensor(py!.evaluate, 'python', 'no_such_var'), /NameError/);
    await assert.rejects(fetchDebugTensor(py!.evaluate, 'python', "np.array(['a'])"), /cannot be inspected/);
  });
});
