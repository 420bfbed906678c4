import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fork } from 'child_process';
import { explainLoadError } from '../../../src/worker/backend/explainLoadError';
import { MessageHandler } from '../../../src/core/protocol/MessageHandler';
import type { EnvironmentReport, FromWorker, ToWorker, WorkerReplies } from '../../../src/core/protocol/workerProtocol';
import { projectRoot } from '../../helpers/paths';

describe('backend availability reasons', () => {
  it('says "not installed" for a package that is absent', () => {
    const err = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'"), { code: 'MODULE_NOT_FOUND' });
    assert.match(explainLoadError('@tensorflow/tfjs-node', err, []), /^not installed/);
  });

  it('names the missing native addon when the install script could not download libtensorflow', () => {
    const err = new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node.');
    assert.match(explainLoadError('@tensorflow/tfjs-node', err, []), /native addon \(tfjs_binding\.node\) is missing/);
  });

  it('names the CUDA library the GPU package cannot load', () => {
    const err = new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');
    const r = explainLoadError('@tensorflow/tfjs-node-gpu', err, ['libcudart.so.11.0']);
    assert.match(r, /libcudart\.so\.11\.0 not found/);
    assert.match(r, /CUDA 11\.2 and cuDNN 8\.1/);
    const dnn = explainLoadError('@tensorflow/tfjs-node-gpu', new Error('libcudnn.so.8: cannot open shared object file'), []);
    assert.match(dnn, /libcudnn\.so\.8 not found/);
  });

  it('a real worker reports an installed-but-broken tfjs-node with its reason (not "not installed")', async function () {
    this.timeout(120000);
    const worker = path.join(projectRoot(), 'dist', 'worker.js');
    if (!fs.existsSync(worker)) throw new Error(`${worker} missing: run npm run build first`);
    // A stand-in package that throws at require exactly as tfjs-node does without its addon.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-tfjs-node-'));
    const pkg = path.join(dir, '@tensorflow', 'tfjs-node');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), "throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: ' + __dirname + '/lib/napi-v8/tfjs_binding.node. Please run command to rebuild.');\n");
    // NODE_PATH is searched after node_modules, where tfjs-node is absent.
    const child = fork(worker, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, NODE_PATH: dir } });
    const channel = new MessageHandler<ToWorker, FromWorker, WorkerReplies>({ post: (m) => { child.send(m); }, timeoutMs: 100000 });
    child.on('message', (m) => void channel.handleMessage(m));
    child.on('exit', (code) => channel.close(`worker exited with ${code}`));
    try {
      const report: EnvironmentReport = await channel.request({ type: 'getEnvironment' });
      const tf = report.backends.find((b) => b.name === 'tensorflow');
      assert.strictEqual(tf?.available, false);
      assert.match(tf!.reason, /installed, but its native addon/);
      assert.strictEqual(report.backends.find((b) => b.name === 'wasm')?.available, true);
      assert.notStrictEqual(report.recommended, 'tensorflow');
    } finally {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
