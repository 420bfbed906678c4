/** The `predict` job (see inference). */
import type { PredictRequest, PredictResult } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';

/** Predicts every input with a trained run. */
export async function runPredictJob(req: PredictRequest): Promise<PredictResult> {
  throw new MedSegError('unsupported', `predict is not implemented yet (${req.inputs.length} inputs)`);
}
