/**
 * The manifest of the data a run trained on (`dataset-manifest.json` in the run folder):
 * its label map and mask labels say how predictions go back to the dataset's conventions.
 * Runs from before the manifest was saved get one built from their config.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { TrainConfig } from '../../core/config/trainConfig';
import type { DatasetManifest } from '../../core/dataset/DatasetManifest';
import { RUN_FILES } from '../../core/run';

/** The run's training manifest (cases omitted), or one derived from `cfg` when the run has none. */
export function trainingManifest(runDir: string | undefined, cfg: TrainConfig): DatasetManifest {
  const file = runDir ? path.join(runDir, RUN_FILES.dataset) : undefined;
  if (file && fs.existsSync(file)) return { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetManifest), cases: [] };
  const brats = cfg.data.kind === 'brats';
  const figshare = cfg.data.kind === 'figshare' && cfg.data.classes.length === 3;
  return {
    version: 1, kind: cfg.data.kind, name: path.basename(cfg.data.root), dimensionality: brats ? 3 : 2, modalities: cfg.data.modalities, cases: [],
    classes: cfg.data.classes, labelMap: figshare ? { 1: 0, 2: 1, 3: 2 } : {}, maskLabels: brats ? { 0: 0, 1: 1, 2: 2, 4: 3 } : { 0: 0, 1: 1 }, notes: [],
  };
}
