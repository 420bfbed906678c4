/**
 * Runs the bundled `medseg` CLI (dist/cli.js) from the host as an async child process:
 * Slurm submissions, cancel and resubmit go through the same commands a user types, and
 * a local cross-validation or sweep trains in that child, never on the host thread.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the exit code and everything printed. */
  done: Promise<{ code: number; out: string }>;
}

/** Starts `medseg <args>`; `onLine` sees each stdout/stderr line. */
export function startCli(workerPath: string, args: string[], onLine?: (line: string) => void): CliProcess {
  const cli = path.join(path.dirname(workerPath), 'cli.js');
  // The extension host may be Electron: run it as plain node (the sbatch scripts inherit this).
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  const onData = (d: Buffer) => {
    const text = d.toString();
    out += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onLine?.(l);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const done = new Promise<{ code: number; out: string }>((resolve) => {
    child.on('error', (err) => resolve({ code: 1, out: `${out}\n${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
  return { child, done };
}

/** The last non-empty line of an output that starts with `medseg:` (the CLI's error message), or the tail. */
export function cliError(out: string): string {
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.reverse().find((l) => l.startsWith('medseg:'))?.replace(/^medseg:\s*/, '') ?? lines.slice(0, 3).reverse().join(' / ');
}
