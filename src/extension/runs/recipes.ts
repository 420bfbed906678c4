/**
 * Training recipes: complete, tested `*.medseg.json` configs shipped in media/recipes/
 * (one per task and budget). The new-config wizard offers them, the one for the detected
 * dataset first, and writes a copy whose data root and run folder point at the user's data.
 * Pure (no vscode): unit-tested against the config validator.
 */

/** Dataset kinds a recipe can train. */
export type RecipeKind = 'figshare' | 'brats' | 'image-mask';

/** A recipe as offered by the wizard. */
export interface Recipe {
  /** File name without `.medseg.json` (e.g. `figshare-multitask-fast`). */
  id: string;
  description: string;
  kind: RecipeKind;
  /** The recipe's config object (`$schema`, `name`, `data.root`, `run.outputDir` are replaced when applied). */
  config: Record<string, unknown>;
}

/**
 * The recipe the README shows learning (media/demo/figshare-full.medseg.json: 96², depth 4,
 * base 8, instance norm, Dice+BCE, fixed weighting, Adam 3e-3 with cosine warm-up, nnU-Net
 * augmentation, 16 × 20 steps). The default while no recipe file ships.
 */
export const FALLBACK_RECIPE: Recipe = {
  id: 'figshare-demo',
  description: 'the README\'s demo recipe: 96², depth 4, Dice+BCE, Adam 3e-3 cosine, 16 × 20 steps',
  kind: 'figshare',
  config: {
    seed: 42,
    data: { kind: 'figshare', inputSize: 96, validation: { strategy: 'fraction', fraction: 0.25 } },
    model: { baseFilters: 8, depth: 4, norm: 'instance' },
    loss: { seg: { name: 'diceBce' }, multitask: { weighting: 'fixed', clsWeight: 1.0 } },
    optimizer: { name: 'adam', learningRate: 0.003, clipNorm: 12 },
    schedule: { kind: 'cosine', warmupSteps: 20, minLr: 0.0001 },
    augmentation: { preset: 'nnunet-default' },
    training: { epochs: 16, iterationsPerEpoch: 20, batchSize: 8, overlayCases: 4 },
    run: { backend: 'wasm' },
  },
};

/** Preferred recipe per dataset kind, best first: the fast variant gives a newcomer a result soonest. */
const PREFERRED: Record<RecipeKind, string[]> = {
  figshare: ['figshare-multitask-fast', 'figshare-multitask', FALLBACK_RECIPE.id],
  brats: ['brats-regions-fast', 'brats-regions'],
  'image-mask': [],
};

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
}

/** A recipe from a parsed recipe file; undefined when it names no known dataset kind. */
export function recipeFromJson(id: string, json: unknown): Recipe | undefined {
  const config = obj(json);
  const kind = obj(config.data).kind;
  if (kind !== 'figshare' && kind !== 'brats' && kind !== 'image-mask') return undefined;
  const description = typeof config.description === 'string' && config.description !== 'PENDING' ? config.description : id;
  return { id, description, kind, config };
}

/** Recipes for `kind`, the preferred one first (then the others of that kind by id). */
export function recipesFor(recipes: Recipe[], kind: RecipeKind): Recipe[] {
  const order = PREFERRED[kind];
  const rank = (r: Recipe) => { const i = order.indexOf(r.id); return i === -1 ? order.length : i; };
  return recipes.filter((r) => r.kind === kind).sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** The config to write: the recipe with the user's name, data root (relative to the config) and `runs/` folder. */
export function applyRecipe(recipe: Recipe, name: string, root: string): Record<string, unknown> {
  const c = structuredClone(recipe.config);
  delete c.$schema;
  delete c.description;
  delete c.name;
  return {
    name, ...c,
    data: { ...obj(c.data), root },
    run: { ...obj(c.run), outputDir: 'runs' },
  };
}

/** `<base>.medseg.json`, or `<base>-2.medseg.json`, `-3`, … : the first name `taken` says is free. */
export async function freeConfigName(base: string, taken: (file: string) => Promise<boolean>): Promise<string> {
  for (let i = 1; ; i++) {
    const file = `${base}${i === 1 ? '' : `-${i}`}.medseg.json`;
    if (!(await taken(file))) return file;
  }
}
