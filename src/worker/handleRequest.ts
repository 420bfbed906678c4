/**
 * Dispatches each host request to its job. Exhaustive over `ToWorker`: adding a
 * request type to the protocol without handling it here is a compile error.
 */
import { FromWorker, ToWorker } from '../core/protocol/workerProtocol';
import { assertNever } from '../core/util/assertNever';
import { environmentReport } from './backend/probeBackends';
import { requestStop } from './jobs/jobControl';
import './jobs/registerGradients';
import { runActivationsJob } from './jobs/activationsJob';
import { runPredictJob } from './jobs/predictJob';
import { runTrainJob } from './jobs/trainJob';

/** What a job may use to talk back to the host while it runs. */
export interface JobContext {
  notify(msg: FromWorker): void;
}

/** Runs one request to its reply; jobs report progress through `ctx.notify`. */
export async function handleRequest(msg: ToWorker, ctx: JobContext): Promise<unknown> {
  switch (msg.type) {
    case 'getEnvironment':
      return environmentReport();
    case 'shutdown':
      ctx.notify({ type: 'log', level: 'info', text: 'worker shutting down' });
      setImmediate(() => process.exit(0));
      return undefined;
    case 'train':
      return runTrainJob(msg, (m) => ctx.notify(m));
    case 'stop':
      return { stopping: requestStop() };
    case 'predict':
      return runPredictJob(msg);
    case 'activations':
      return runActivationsJob(msg);
    default:
      return assertNever(msg, 'worker request');
  }
}
