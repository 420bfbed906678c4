/**
 * Entry of the worker child process (`child_process.fork('dist/worker.js')`). Wires
 * IPC to the MessageHandler and dispatches requests to the job handlers. Uncaught
 * errors are reported to the host before the process exits, so the host can say what
 * happened; the host also watches `exit` and stderr.
 */
import { MessageHandler, WireMessage } from '../core/protocol/MessageHandler';
import { FromWorker, ToWorker, WorkerReplies } from '../core/protocol/workerProtocol';
import { handleRequest } from './handleRequest';

if (!process.send) {
  console.error('medseg worker: must be started with child_process.fork (no IPC channel)');
  process.exit(2);
}

const send = (m: WireMessage) => { process.send!(m); };
const handler: MessageHandler<FromWorker, ToWorker, WorkerReplies> = new MessageHandler<FromWorker, ToWorker, WorkerReplies>({
  post: send,
  onRequest: (msg) => handleRequest(msg, { notify: (m) => handler.notify(m) }),
});

process.on('message', (m) => { void handler.handleMessage(m); });
// The host went away: nothing left to report to.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (err) => {
  try { handler.notify({ type: 'log', level: 'error', text: `worker crashed: ${err.stack ?? err.message}` }); } catch { /* channel gone */ }
  console.error(err);
  process.exit(70);
});
