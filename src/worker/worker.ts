/**
 * Entry of the worker child process (`child_process.fork('dist/worker.js')`). Wires
 * IPC to the MessageHandler and dispatches requests to the job handlers. Uncaught
 * errors are reported to the host before the process exits, so the host can say what
 * happened; the host also watches `exit` and stderr.
 */
import { MessageHandler, WireMessage } from '../core/protocol/MessageHandler';
import { FromWorker, ToWorker, WorkerReplies } from '../core/protocol/workerProtocol';
import { handleRequest } from './handleRequest';
import { isJobRunning } from './jobs/jobControl';

if (!process.send) {
  console.error('medseg worker: must be started with child_process.fork (no IPC channel)');
  process.exit(2);
}

// After the host went away (window reload) a running job keeps training into its run
// folder; its events then have nowhere to go and are dropped.
const send = (m: WireMessage) => { if (process.connected) process.send!(m); };
const handler: MessageHandler<FromWorker, ToWorker, WorkerReplies> = new MessageHandler<FromWorker, ToWorker, WorkerReplies>({
  post: send,
  onRequest: (msg) => handleRequest(msg, { notify: (m) => handler.notify(m) }),
});

process.on('message', (m) => { void handler.handleMessage(m); });
// The host went away: exit, unless a training job is running. That one finishes into
// its run folder, where a reloaded window's dashboard picks it up (metrics.jsonl).
process.on('disconnect', () => {
  if (!isJobRunning()) process.exit(0);
  const timer = setInterval(() => { if (!isJobRunning()) process.exit(0); }, 1000);
  timer.unref();
});
process.on('uncaughtException', (err) => {
  try { handler.notify({ type: 'log', level: 'error', text: `worker crashed: ${err.stack ?? err.message}` }); } catch { /* channel gone */ }
  console.error(err);
  process.exit(70);
});
