import * as assert from 'assert';
import { fork } from 'child_process';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { MessageHandler, RequestError, WireMessage } from '../../../src/core/protocol/MessageHandler';

interface Ping { type: 'ping'; n: number }
interface Boom { type: 'boom' }
type Msg = Ping | Boom;
interface Replies { ping: number; boom: never; [k: string]: unknown }

/** Two handlers wired back to back through async delivery (like postMessage). */
function pair() {
  const deliver = (to: () => MessageHandler<Msg, Msg, Replies>) => (m: WireMessage) => { setImmediate(() => void to().handleMessage(JSON.parse(JSON.stringify(m)))); };
  const a: MessageHandler<Msg, Msg, Replies> = new MessageHandler<Msg, Msg, Replies>({ post: deliver(() => b), timeoutMs: 2000 });
  const b: MessageHandler<Msg, Msg, Replies> = new MessageHandler<Msg, Msg, Replies>({
    post: deliver(() => a),
    onRequest: (m) => {
      if (m.type === 'ping') return m.n * 2;
      throw Object.assign(new Error('it blew up'), { code: 'kaboom' });
    },
  });
  return { a, b };
}

describe('MessageHandler', () => {
  it('replies to a request by id', async () => {
    const { a } = pair();
    const [x, y] = await Promise.all([a.request({ type: 'ping', n: 2 }), a.request({ type: 'ping', n: 5 })]);
    assert.strictEqual(x, 4);
    assert.strictEqual(y, 10);
    assert.strictEqual(a.pendingCount, 0);
  });

  it('rejects on an error reply with the remote message and code', async () => {
    const { a } = pair();
    await assert.rejects(a.request({ type: 'boom' }), (e: unknown) => e instanceof RequestError && e.code === 'remote' && e.remoteCode === 'kaboom' && /it blew up/.test(e.message));
  });

  it('rejects on timeout and forgets the request', async () => {
    const silent = new MessageHandler<Msg, Msg, Replies>({ post: () => { /* never answered */ } });
    await assert.rejects(silent.request({ type: 'ping', n: 1 }, 50), (e: unknown) => e instanceof RequestError && e.code === 'timeout');
    assert.strictEqual(silent.pendingCount, 0);
  });

  it('rejects pending requests when closed, and refuses new ones', async () => {
    const h = new MessageHandler<Msg, Msg, Replies>({ post: () => { /* never answered */ } });
    const p = h.request({ type: 'ping', n: 1 });
    h.close('worker exited with code 1');
    await assert.rejects(p, /worker exited with code 1/);
    await assert.rejects(h.request({ type: 'ping', n: 1 }), (e: unknown) => e instanceof RequestError && e.code === 'closed');
  });

  it('rejects a pending request when a real child process dies mid-request', async function () {
    this.timeout(20000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-'));
    const script = path.join(dir, 'dying.js');
    // Receives the request, then dies without replying.
    fs.writeFileSync(script, "process.on('message', () => process.exit(3));");
    const child = fork(script, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const h = new MessageHandler<Msg, Msg, Replies>({ post: (m) => { child.send(m); } });
    child.on('message', (m) => void h.handleMessage(m));
    child.on('exit', (code) => h.close(`worker exited with code ${code}`));
    const t0 = Date.now();
    await assert.rejects(h.request({ type: 'ping', n: 1 }), /worker exited with code 3/);
    assert.ok(Date.now() - t0 < 10000, 'did not hang');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
