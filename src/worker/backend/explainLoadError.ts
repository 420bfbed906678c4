/**
 * Turns the error thrown by `require('@tensorflow/tfjs-node…')` into plain words.
 * A package can be absent (MODULE_NOT_FOUND), present without its native addon (its
 * install script could not download libtensorflow), or present but unable to load CUDA.
 */
export function explainLoadError(pkg: string, err: unknown, missingCuda: string[]): string {
  const e = err as NodeJS.ErrnoException;
  const msg = (e && e.message) || String(err);
  if (e?.code === 'MODULE_NOT_FOUND' && msg.includes(`'${pkg}'`)) {
    return `not installed (optional dependency; \`npm install ${pkg}\` needs to download libtensorflow)`;
  }
  const lib = /(lib[\w.+-]+\.so(?:\.[\d.]+)?)/.exec(msg);
  if (lib && /cannot open shared object|not found|No such file/i.test(msg)) {
    const hint = pkg.endsWith('-gpu') ? ' (tfjs-node-gpu needs CUDA 11.2 and cuDNN 8.1)' : '';
    return `installed, but ${lib[1]} not found${hint}`;
  }
  if (/tfjs_binding\.node|native addon/i.test(msg)) {
    return 'installed, but its native addon (tfjs_binding.node) is missing: its install script could not download libtensorflow';
  }
  if (pkg.endsWith('-gpu') && missingCuda.length) {
    return `failed to load: ${firstLine(msg)}; missing ${missingCuda.join(', ')}`;
  }
  return `failed to load: ${firstLine(msg)}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
