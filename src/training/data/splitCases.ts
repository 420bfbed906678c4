/**
 * Train/validation splits and k-fold assignment that keep every group (patient) on one
 * side. Author folds (figshare `cv_fold_cvind5fold`, a manifest's `fold`) are honoured;
 * otherwise groups are shuffled with the seed and dealt round-robin into folds.
 */
import { Rng } from '../../core/util/random';

/** What a split needs to know about a case. */
export interface SplitCase {
  id: string;
  /** Author-assigned fold, when the dataset has one. */
  fold?: number;
  /** Patient/group id; cases sharing it stay together (default: the case id). */
  group?: string;
  /** Class label, to balance subsets. */
  label?: number;
}

/** Fold number of every case for k-fold CV: author folds when all cases have one, else seeded group-wise assignment 1..k. */
export function assignFolds<T extends SplitCase>(cases: readonly T[], k: number, seed: number): Map<string, number> {
  const out = new Map<string, number>();
  if (cases.length > 0 && cases.every((c) => c.fold !== undefined)) {
    for (const c of cases) out.set(c.id, c.fold as number);
    return out;
  }
  const groups = [...new Set(cases.map((c) => c.group ?? c.id))].sort();
  new Rng(seed).shuffle(groups);
  const foldOf = new Map(groups.map((g, i) => [g, (i % k) + 1]));
  for (const c of cases) out.set(c.id, foldOf.get(c.group ?? c.id) as number);
  return out;
}

/** Distinct folds present, ascending. */
export function foldsOf(folds: Map<string, number>): number[] {
  return [...new Set(folds.values())].sort((a, b) => a - b);
}

/** Splits by fold: cases in `valFold` validate, the rest train. */
export function splitByFold<T extends SplitCase>(cases: readonly T[], folds: Map<string, number>, valFold: number): { train: T[]; val: T[] } {
  return {
    train: cases.filter((c) => folds.get(c.id) !== valFold),
    val: cases.filter((c) => folds.get(c.id) === valFold),
  };
}

/**
 * Seeded group-wise split with about `fraction` of the groups validating (at least one),
 * stratified by the label of each group's first case so every class is represented.
 */
export function splitByFraction<T extends SplitCase>(cases: readonly T[], fraction: number, seed: number): { train: T[]; val: T[] } {
  const groupLabel = new Map<string, number>();
  for (const c of cases) if (!groupLabel.has(c.group ?? c.id)) groupLabel.set(c.group ?? c.id, c.label ?? -1);
  const rng = new Rng(seed);
  const byLabel = new Map<number, string[]>();
  for (const g of [...groupLabel.keys()].sort()) {
    const l = groupLabel.get(g) as number;
    if (!byLabel.has(l)) byLabel.set(l, []);
    (byLabel.get(l) as string[]).push(g);
  }
  const valGroups = new Set<string>();
  for (const l of [...byLabel.keys()].sort((a, b) => a - b)) {
    const gs = rng.shuffle(byLabel.get(l) as string[]);
    const n = Math.min(gs.length - (byLabel.size === 1 ? 1 : 0), Math.round(gs.length * fraction));
    for (const g of gs.slice(0, Math.max(0, n))) valGroups.add(g);
  }
  if (valGroups.size === 0) valGroups.add([...groupLabel.keys()].sort()[0]);
  if (valGroups.size === groupLabel.size) valGroups.delete([...valGroups][0]);
  return {
    train: cases.filter((c) => !valGroups.has(c.group ?? c.id)),
    val: cases.filter((c) => valGroups.has(c.group ?? c.id)),
  };
}

/** A seeded subset of at most `max` cases, balanced over labels (round-robin per class). */
export function balancedSubset<T extends SplitCase>(cases: readonly T[], max: number, seed: number): T[] {
  if (max <= 0 || cases.length <= max) return [...cases];
  const byLabel = new Map<number, T[]>();
  for (const c of cases) {
    const l = c.label ?? -1;
    if (!byLabel.has(l)) byLabel.set(l, []);
    (byLabel.get(l) as T[]).push(c);
  }
  const rng = new Rng(seed);
  const lists = [...byLabel.keys()].sort((a, b) => a - b).map((l) => rng.shuffle([...(byLabel.get(l) as T[])]));
  const out: T[] = [];
  for (let i = 0; out.length < max; i++) {
    for (const l of lists) if (i < l.length && out.length < max) out.push(l[i]);
  }
  const order = new Map(cases.map((c, i) => [c.id, i]));
  return out.sort((a, b) => (order.get(a.id) as number) - (order.get(b.id) as number));
}
