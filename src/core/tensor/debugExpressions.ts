/**
 * Expressions the inspector asks a paused debuggee to evaluate, per language. A tensor
 * crosses the Debug Adapter Protocol in four steps, each one `evaluate` request:
 *
 * 1. `header(expr, key)` converts the value in the debuggee (NumPy array, torch tensor via
 *    `.detach().cpu().numpy()`, PIL image, nested list, tfjs tensor, typed array...), stashes
 *    it under `key` and returns a JSON header `{shape, dtype, kind}`. Nothing big moves yet.
 * 2. `prepare(key, steps)` strides the stash (downsampling huge tensors *in the debuggee*),
 *    makes it C-contiguous little-endian bytes and returns their length.
 * 3. `chunk(key, offset, length)` returns base64 of a byte range (base64 only on the wire).
 * 4. `release(key)` drops the stash.
 *
 * Strings come back as the adapter renders them: debugpy gives Python `repr` (quoted),
 * js-debug quotes in `repl` context but not in `clipboard`; `unquoteEvaluateResult` undoes both.
 */
import { MedSegError } from '../util/MedSegError';

/** Debuggee languages the inspector can read from. */
export type DebugLanguage = 'python' | 'javascript';

/** Builds the expressions of one language. */
export interface TensorExpressions {
  header(expression: string, key: string): string;
  prepare(key: string, steps: readonly number[]): string;
  chunk(key: string, offset: number, length: number): string;
  release(key: string): string;
}

/** What `header` returns (after JSON parsing). */
export interface DebugTensorHeader {
  shape: number[];
  dtype: string;
  /** What the value was in the debuggee, e.g. `torch.Tensor`, `tfjs`, `Float32Array`. */
  kind: string;
}

/** Maps a debug session's `type` to its language, or undefined when unsupported. */
export function languageOfSessionType(type: string): DebugLanguage | undefined {
  if (type === 'python' || type === 'debugpy') return 'python';
  if (/^(pwa-)?(node|chrome|msedge|extensionHost)$/.test(type) || type === 'node-terminal') return 'javascript';
  return undefined;
}

/** A stash key safe inside any string literal. */
export function makeStashKey(seed: number): string {
  return `t${seed.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

function checkKey(key: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(key)) throw new MedSegError('bad-key', `invalid stash key '${key}'`);
  return `'${key}'`;
}

function checkInt(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new MedSegError('bad-range', `invalid byte offset/length ${n}`);
  return n;
}

// Python: one expression each (debugpy evaluates expressions; lambdas bind temporaries).
const PY_STASH = "__import__('sys').__dict__.setdefault('_medseg_inspect', {})";
const PY_TO_NUMPY =
  "(x.detach().cpu().float().numpy() if str(getattr(x, 'dtype', '')) == 'torch.bfloat16' else x.detach().cpu().numpy())" +
  " if all(hasattr(x, m) for m in ('detach', 'cpu', 'numpy')) else np.asarray(x)";

/** Expressions for debugpy (NumPy must be importable in the debuggee). */
export const pythonExpressions: TensorExpressions = {
  header(expression, key) {
    const k = checkKey(key);
    return `(lambda np, st, x: (lambda a: (st.__setitem__(${k}, a), __import__('json').dumps({'shape': [int(n) for n in a.shape], 'dtype': a.dtype.name, 'kind': type(x).__module__.split('.')[0] + '.' + type(x).__name__}))[1])(${PY_TO_NUMPY}))(__import__('numpy'), ${PY_STASH}, (${expression}))`;
  },
  prepare(key, steps) {
    const k = checkKey(key);
    const sl = steps.length ? `[${steps.map((s) => `::${checkInt(s)}`).join(', ')}]` : '';
    return `(lambda np, st: (lambda a: (lambda b: (st.__setitem__(${k}, b.reshape(-1).view(np.uint8)), str(b.nbytes))[1])(np.ascontiguousarray(a${sl}, dtype=a.dtype.newbyteorder('<'))))(st[${k}]))(__import__('numpy'), ${PY_STASH})`;
  },
  chunk(key, offset, length) {
    return `__import__('base64').b64encode(${PY_STASH}[${checkKey(key)}][${checkInt(offset)}:${checkInt(offset + length)}].tobytes()).decode('ascii')`;
  },
  release(key) {
    return `${PY_STASH}.pop(${checkKey(key)}, None) is not None`;
  },
};

// JavaScript: IIFEs, so locals of the paused frame are in scope through the closure.
const JS_STASH = '(globalThis.__medsegInspect || (globalThis.__medsegInspect = {}))';
const JS_DTYPES = "{Float32Array:'float32',Float64Array:'float64',Int8Array:'int8',Uint8Array:'uint8',Uint8ClampedArray:'uint8',Int16Array:'int16',Uint16Array:'uint16',Int32Array:'int32',Uint32Array:'uint32',BigInt64Array:'int64',BigUint64Array:'uint64',Float16Array:'float16'}";

/** Expressions for js-debug (Node, browsers): tfjs tensors, typed arrays, nested arrays. */
export const javascriptExpressions: TensorExpressions = {
  header(expression, key) {
    const k = checkKey(key);
    return `(() => { const x = (${expression}); const st = ${JS_STASH}; let shape, dtype, data, kind;
if (x && typeof x.dataSync === 'function' && Array.isArray(x.shape)) {
  if (x.isDisposed) throw new Error('the tfjs tensor is disposed');
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error('tfjs dtype ' + x.dtype + ' cannot be inspected');
  shape = x.shape.slice(); dtype = x.dtype; data = x.dataSync(); kind = 'tfjs.' + (x.constructor && x.constructor.name || 'Tensor');
} else if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
  shape = [x.length]; dtype = (${JS_DTYPES})[x.constructor.name]; data = x; kind = x.constructor.name;
} else if (Array.isArray(x)) {
  shape = []; for (let v = x; Array.isArray(v); v = v[0]) shape.push(v.length);
  const flat = x.flat(Infinity);
  if (flat.length !== shape.reduce((a, b) => a * b, 1)) throw new Error('ragged nested array: cannot be a tensor');
  const isBool = flat.length > 0 && flat.every((v) => typeof v === 'boolean');
  if (!isBool && !flat.every((v) => typeof v === 'number')) throw new Error('nested array holds non-numbers');
  data = isBool ? Uint8Array.from(flat, Number) : Float64Array.from(flat); dtype = isBool ? 'bool' : 'float64'; kind = 'Array';
} else if (typeof x === 'number' || typeof x === 'boolean') {
  shape = []; data = Float64Array.of(Number(x)); dtype = 'float64'; kind = typeof x;
} else { throw new Error('not a tensor: ' + Object.prototype.toString.call(x)); }
if (!dtype) throw new Error('unsupported array type ' + kind);
st[${k}] = { data, shape };
return JSON.stringify({ shape, dtype, kind }); })()`;
  },
  prepare(key, steps) {
    const k = checkKey(key);
    return `(() => { const e = ${JS_STASH}[${k}]; const steps = [${steps.map(checkInt).join(',')}]; let d = e.data;
if (steps.some((s) => s > 1)) {
  const shape = e.shape, nd = shape.length, ns = shape.map((n, a) => Math.ceil(n / steps[a])), str = new Array(nd);
  let acc = 1; for (let a = nd - 1; a >= 0; a--) { str[a] = acc; acc *= shape[a]; }
  const total = ns.reduce((p, n) => p * n, 1), out = new d.constructor(total), idx = new Array(nd).fill(0);
  for (let i = 0; i < total; i++) {
    let off = 0; for (let a = 0; a < nd; a++) off += idx[a] * steps[a] * str[a];
    out[i] = d[off];
    for (let a = nd - 1; a >= 0; a--) { if (++idx[a] < ns[a]) break; idx[a] = 0; }
  }
  d = out;
}
e.bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength); return String(e.bytes.length); })()`;
  },
  chunk(key, offset, length) {
    return `(() => { const b = ${JS_STASH}[${checkKey(key)}].bytes.subarray(${checkInt(offset)}, ${checkInt(offset + length)});
if (typeof Buffer === 'function') return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
let s = ''; for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000)); return btoa(s); })()`;
  },
  release(key) {
    return `delete ${JS_STASH}[${checkKey(key)}]`;
  },
};

/** The expression builders of `language`. */
export function expressionsFor(language: DebugLanguage): TensorExpressions {
  return language === 'python' ? pythonExpressions : javascriptExpressions;
}

/**
 * The string an expression returned, from the adapter's rendering of it: strips Python
 * repr or JS quotes (our payloads never contain quotes or backslashes except JSON's `"`).
 */
export function unquoteEvaluateResult(result: string): string {
  const s = result.trim();
  if (s.length >= 2 && (s[0] === "'" || s[0] === '"' || s[0] === '`') && s[s.length - 1] === s[0]) {
    const inner = s.slice(1, -1);
    // A double-quoted rendering escapes the JSON quotes inside it.
    return s[0] === '"' ? inner.replace(/\\"/g, '"').replace(/\\\\/g, '\\') : inner.replace(/\\'/g, "'").replace(/\\\\/g, '\\');
  }
  return s;
}

/** Parses and validates a header result. */
export function parseHeader(result: string): DebugTensorHeader {
  const text = unquoteEvaluateResult(result);
  let h: unknown;
  try {
    h = JSON.parse(text);
  } catch {
    throw new MedSegError('bad-header', `the debuggee did not return a tensor header: ${text.slice(0, 200)}`);
  }
  const o = h as Partial<DebugTensorHeader>;
  if (!o || !Array.isArray(o.shape) || !o.shape.every((n) => Number.isSafeInteger(n) && n >= 0) || typeof o.dtype !== 'string') {
    throw new MedSegError('bad-header', `malformed tensor header: ${text.slice(0, 200)}`);
  }
  return { shape: o.shape, dtype: o.dtype, kind: typeof o.kind === 'string' ? o.kind : 'unknown' };
}
