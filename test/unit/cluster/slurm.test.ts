/**
 * Cross-validation and sweeps on the real single-node Slurm (2 CPUs: at most 2 array
 * tasks at once), through the real `medseg` CLI (dist/cli.js) and real figshare cases.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClusterGroup, GroupSummary } from '../../../src/core/cluster';
import type { EpochRecord, RunSummary } from '../../../src/core/run';
import { ensureSlurm, medsegCli } from '../../helpers/slurm';
import { tinyConfig } from '../loop/tinyConfig';

const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(f, 'utf8')) as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The group folder a `--json` cv/sweep run printed. */
function groupDir(out: string): string {
  const m = /"type":"submitted","dir":"([^"]+)"/.exec(out) ?? /"runDir":"([^"]+)\/(?:fold|point)-[^"/]+"/.exec(out);
  assert.ok(m, `no group folder in output:\n${out.slice(-2000)}`);
  return m[1];
}

async function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const metricLines = (runDir: string): EpochRecord[] => {
  try { return fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EpochRecord); } catch { return []; }
};

describe('cv and sweep on a real Slurm cluster (job arrays)', function () {
  this.timeout(600_000);
  let tmp: string;
  let stopCluster: () => void = () => undefined;
  const writeConfig = (name: string, over: (c: Record<string, unknown>) => void = () => undefined) => {
    const c = tinyConfig(path.join(tmp, 'runs'), { epochs: 2, iterations: 2 });
    (c.data as Record<string, unknown>).maxCases = 8; // author folds 1, 2 and 4: a 3-fold CV
    c.name = name;
    over(c);
    const file = path.join(tmp, `${name}.medseg.json`);
    fs.writeFileSync(file, JSON.stringify(c, null, 2));
    return file;
  };

  before(() => {
    stopCluster = ensureSlurm();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-slurm-'));
    fs.chmodSync(tmp, 0o755);
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    stopCluster();
  });

  it('a 3-fold CV as an array (2 at a time) gives the same summary, metric for metric, as the local CV with the same seed', async () => {
    const cfg = writeConfig('cv3');
    const slurm = await medsegCli(['cv', cfg, '--executor', 'slurm', '--max-parallel', '2', '--cpus', '1', '--wait', '--json']);
    assert.strictEqual(slurm.code, 0, slurm.out.slice(-3000));
    const sdir = groupDir(slurm.out);
    const script = fs.readFileSync(path.join(sdir, 'slurm/array.sbatch'), 'utf8');
    assert.match(script, /#SBATCH --array=0-2%2/);
    assert.match(script, /#SBATCH --cpus-per-task=1/);
    const group = readJson<ClusterGroup>(path.join(sdir, 'group.json'));
    assert.strictEqual(group.slurm?.submissions.length, 1);
    assert.match(fs.readFileSync(path.join(sdir, 'slurm/task-0.out'), 'utf8'), /MedSeg Lab environment[\s\S]*run completed/, 'environment report and run in the task output');

    const local = await medsegCli(['cv', cfg, '--json']);
    assert.strictEqual(local.code, 0, local.out.slice(-3000));
    const ldir = groupDir(local.out);
    assert.notStrictEqual(ldir, sdir);
    const a = readJson<GroupSummary>(path.join(sdir, 'cv-summary.json'));
    const b = readJson<GroupSummary>(path.join(ldir, 'cv-summary.json'));
    assert.deepStrictEqual(a.completed, ['fold-1', 'fold-2', 'fold-4']);
    assert.deepStrictEqual([a.executor, b.executor], ['slurm', 'local']);
    assert.deepStrictEqual(a.tasks.map((t) => t.metrics), b.tasks.map((t) => t.metrics));
    assert.deepStrictEqual(a.metrics, b.metrics);
    assert.ok(a.metrics.valDice.n === 3 && a.metrics.accuracy.n === 3 && Number.isFinite(a.metrics.valDice.std));
    assert.deepStrictEqual(a.ensemble.runDirs, ['fold-1', 'fold-2', 'fold-4'].map((f) => path.join(sdir, f)));
  });

  it('a sweep of 2 points runs as an array and ranks them by validation Dice', async () => {
    const cfg = writeConfig('sw2');
    const r = await medsegCli(['sweep', cfg, '--grid', 'optimizer.learningRate=0.05,0.00001', '--executor', 'slurm', '--wait', '--json']);
    assert.strictEqual(r.code, 0, r.out.slice(-3000));
    const s = readJson<GroupSummary>(path.join(groupDir(r.out), 'sweep-summary.json'));
    assert.strictEqual(s.ranking?.order.length, 2);
    const dice = s.ranking!.order.map((n) => s.tasks.find((t) => t.name === n)!.metrics.valDice as number);
    assert.ok(dice[0] >= dice[1], `ranked ${JSON.stringify(dice)}`);
    assert.deepStrictEqual(s.tasks.map((t) => t.params), [{ 'optimizer.learningRate': 0.05 }, { 'optimizer.learningRate': 0.00001 }]);
  });

  it('a failing task (bad data path) is reported with its exit code and output tail', async () => {
    const cfg = writeConfig('bad');
    const r = await medsegCli(['sweep', cfg, '--grid', 'data.root="/nonexistent/figshare"', '--executor', 'slurm', '--wait', '--json']);
    assert.strictEqual(r.code, 1, 'the aggregate exits 1 when a task did not complete');
    const s = readJson<GroupSummary>(path.join(groupDir(r.out), 'sweep-summary.json'));
    const t = s.tasks[0];
    assert.strictEqual(t.status, 'failed');
    assert.strictEqual(t.slurm?.state, 'FAILED');
    assert.strictEqual(t.slurm?.exitCode, 1);
    assert.strictEqual(t.slurm?.label, 'FAILED exit 1');
    assert.ok(t.outputTail?.some((l) => l.includes('/nonexistent/figshare')), `tail: ${t.outputTail?.join('\n')}`);
    assert.deepStrictEqual(s.missing, ['point-0']);
  });

  it('cancelling one running task marks it cancelled and the aggregate reports the other; resubmitting resumes it', async () => {
    // Long enough epochs that the cancel lands while point-0 runs: with the preprocessed cache, tiny 2-step epochs
    // finished all 12 before a loaded machine had started the cancel command.
    const cfg = writeConfig('cancel', (c) => { (c.training as Record<string, unknown>).iterationsPerEpoch = 40; });
    const sub = await medsegCli(['sweep', cfg, '--grid', 'training.epochs=12,2', '--executor', 'slurm', '--json']);
    assert.strictEqual(sub.code, 0, sub.out);
    const dir = groupDir(sub.out);
    const long = path.join(dir, 'point-0');
    await waitFor(() => metricLines(long).length >= 1 || undefined, 180000, 'the long task to finish an epoch');
    const c = await medsegCli(['cancel', dir, '--task', 'point-0']);
    assert.strictEqual(c.code, 0, c.out);
    const summaryFile = path.join(dir, 'sweep-summary.json');
    const s = await waitFor(() => (fs.existsSync(summaryFile) ? readJson<GroupSummary>(summaryFile) : undefined), 180000, 'the aggregate');
    assert.deepStrictEqual(s.completed, ['point-1']);
    assert.strictEqual(s.tasks[0].status, 'cancelled');
    assert.strictEqual(s.tasks[0].slurm?.state, 'CANCELLED');
    assert.match(s.tasks[0].outputTail?.join('\n') ?? '', /SIGTERM/);
    const stopped = readJson<RunSummary>(path.join(long, 'summary.json'));
    assert.strictEqual(stopped.status, 'stopped', 'the task wrote a checkpoint on SIGTERM');
    const doneBefore = stopped.epochsCompleted;
    assert.ok(doneBefore < 12);

    fs.rmSync(summaryFile);
    const re = await medsegCli(['resubmit', dir, '--task', 'point-0', '--json']);
    assert.strictEqual(re.code, 0, re.out);
    const s2 = await waitFor(() => (fs.existsSync(summaryFile) ? readJson<GroupSummary>(summaryFile) : undefined), 300000, 'the second aggregate');
    assert.deepStrictEqual(s2.completed, ['point-0', 'point-1'], JSON.stringify(s2.tasks[0]));
    const resumed = readJson<RunSummary>(path.join(long, 'summary.json'));
    assert.strictEqual(resumed.resumes, 1);
    assert.strictEqual(resumed.epochsCompleted, 12);
    assert.deepStrictEqual(metricLines(long).map((m) => m.epoch), Array.from({ length: 12 }, (_, i) => i + 1), 'epochs continue from the checkpoint');
    assert.strictEqual(readJson<ClusterGroup>(path.join(dir, 'group.json')).slurm?.submissions.length, 2);
  });
});
