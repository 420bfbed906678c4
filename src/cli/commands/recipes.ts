/**
 * Recipes: proven `*.medseg.json` configs shipped in `media/recipes/` (figshare-multitask,
 * brats-regions and their fast variants), usable by name: `medseg train --recipe NAME`.
 * A recipe's data root points at the project's shared data; `--data` replaces it, and runs
 * go to `./runs` under the current folder unless `--run-dir` says otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MedSegError } from '../../core/util/MedSegError';

/** Folder of the shipped recipes (dist/cli.js → media/recipes). */
export function recipesDir(): string {
  return path.resolve(__dirname, '..', 'media', 'recipes');
}

/** Names of the shipped recipes (file names without `.medseg.json`), sorted. */
export function listRecipes(dir = recipesDir()): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.medseg.json')).map((f) => f.slice(0, -'.medseg.json'.length)).sort();
}

/** A recipe as a config object plus the folder its relative paths resolve against. */
export interface LoadedRecipe {
  config: Record<string, unknown>;
  baseDir: string;
  file: string;
}

/** Reads recipe `name`, replacing the data root (`dataRoot`, relative to `cwd`) and sending runs to `cwd/runs`. */
export function loadRecipe(name: string, opts: { dataRoot?: string; cwd?: string; budgetMinutes?: number } = {}, dir = recipesDir()): LoadedRecipe {
  const file = path.join(dir, `${name}.medseg.json`);
  if (!fs.existsSync(file)) {
    throw new MedSegError('bad-args', `no recipe "${name}" (known: ${listRecipes(dir).join(', ') || 'none'}) in ${dir}`);
  }
  const cwd = opts.cwd ?? process.cwd();
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  config.data = { ...config.data, ...(opts.dataRoot ? { root: path.resolve(cwd, opts.dataRoot) } : {}) };
  config.run = { ...config.run, outputDir: path.resolve(cwd, 'runs') };
  if (opts.budgetMinutes !== undefined) config.training = { ...config.training, budgetMinutes: opts.budgetMinutes };
  return { config, baseDir: dir, file };
}
