/**
 * `medseg` command line: the extension's jobs, headless. Each subcommand is a module
 * in ./commands exporting a `CliCommand`; add it to COMMANDS below.
 */
import { COMMANDS } from './commands';
import { MedSegError } from '../core/util/MedSegError';

function usage(): string {
  const lines = ['Usage: medseg <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `medseg <command> --help` for its options.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`medseg: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return cmd.run(rest);
}

/**
 * Exits once stdout and stderr have drained. An explicit exit is needed: threaded WASM keeps
 * Emscripten's pthread pool (worker_threads) alive after the job, and the pool has no public
 * shutdown, so waiting for the event loop to empty would never end.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err: unknown) => {
    // Our own errors are expected (bad input): print them plainly. Anything else is a bug: keep the stack.
    console.error(err instanceof MedSegError ? `medseg: ${err.message}` : err);
    exitWhenFlushed(1);
  },
);
