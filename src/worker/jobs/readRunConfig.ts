import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig, type TrainConfig } from '../../core/config/trainConfig';
import { RUN_FILES } from '../../core/run';
import { MedSegError } from '../../core/util/MedSegError';

/** Reads a run folder's config (resolved against the folder, so relative paths keep working). */
export function readRunConfig(runDir: string): TrainConfig {
  const file = path.join(runDir, RUN_FILES.config);
  if (!fs.existsSync(file)) throw new MedSegError('no-run', `not a run folder (no ${RUN_FILES.config})`, runDir);
  return resolveTrainConfig(JSON.parse(fs.readFileSync(file, 'utf8')), runDir);
}
