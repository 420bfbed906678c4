import type { ModelConfig } from '../../core/config/modelConfig';
import { validateModelConfig } from '../../core/config/modelConfig';
import { MultitaskUNet } from './MultitaskUNet';

/**
 * Validates `cfg` (defaults filled, MedSegError naming the bad field) and builds the multitask
 * U-Net with deterministic weights: the same config and seed give identical weights on every backend.
 */
export function buildModel(cfg: Partial<ModelConfig>, seed: number): MultitaskUNet {
  return new MultitaskUNet(validateModelConfig(cfg), seed);
}
