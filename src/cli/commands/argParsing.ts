/** Small shared pieces of the subcommands' argument parsing. */
import type { BackendName } from '../../core/protocol/workerProtocol';
import { BACKEND_PREFERENCE } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';

/**
 * Calls `visit` for each argument; inside it, `value()` consumes the next argument as the
 * current option's value (a MedSegError names the option when there is none).
 */
export function eachArg(args: readonly string[], visit: (arg: string, value: () => string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    visit(a, () => {
      const v = args[++i];
      if (v === undefined) throw new MedSegError('bad-args', `${a} needs a value`);
      return v;
    });
  }
}

/** Checks a `--backend` value. */
export function parseBackend(b: string): 'auto' | BackendName {
  if (b !== 'auto' && !(BACKEND_PREFERENCE as readonly string[]).includes(b)) {
    throw new MedSegError('bad-args', `--backend must be auto or one of ${BACKEND_PREFERENCE.join(', ')}, got ${b}`);
  }
  return b as 'auto' | BackendName;
}
