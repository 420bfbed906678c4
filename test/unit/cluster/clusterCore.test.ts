import * as assert from 'assert';
import {
  ClusterGroup, aggregateScript, arraySpec, arrayScript, applyOverrides, describeTaskState, formatGroupSummary, gridPoints, groupTaskStates,
  meanStd, parseGridAxis, parseResources, parseScontrol, parseSqueue, sbatchOptionLines, shellQuote, summarizeGroup,
} from '../../../src/core/cluster';
import type { EpochRecord, RunSummary } from '../../../src/core/run';

const group = (over: Partial<ClusterGroup> = {}): ClusterGroup => ({
  format: 'medseg-group-1', kind: 'cv', name: 'tiny', executor: 'slurm', source: '/w/tiny.medseg.json', createdAt: '2026-11-29T22:00:00.000Z',
  tasks: [{ index: 0, name: 'fold-1', fold: 1 }, { index: 1, name: 'fold-2', fold: 2 }, { index: 2, name: 'fold-4', fold: 4 }],
  slurm: { options: { partition: 'debug', cpus: 2, mem: '4G', time: '0:30:00', gres: 'gpu:1', maxParallel: 2, extra: ['--account=lab'] }, submissions: [{ arrayJobId: '7', aggregateJobId: '8', tasks: [0, 1, 2], time: '' }] },
  ...over,
});

function record(valDice: number, accuracy: number | null): EpochRecord {
  return {
    epoch: 2, step: 4, lr: 0.01, seconds: 1, time: '', train: { total: 1 }, valLoss: { total: 2, seg: 1 }, seg: [{ name: 'tumour', dice: valDice, iou: valDice / 2, hd95: null }],
    valDice, valDiceEma: valDice, accuracy, perClassAccuracy: null, aucMacro: null, confusion: null, best: true, numTensors: 0,
  };
}
const summary = (status: RunSummary['status']): RunSummary => ({
  name: 'x', status, backend: 'cpu', backendReason: '', startedAt: '', updatedAt: '', epochsCompleted: 2, epochsTotal: 2, bestValDice: 0.5, bestEpoch: 2,
  bestAccuracy: null, lastValDice: 0.5, paramCount: 1, trainCases: 1, valCases: 1, resumes: 0,
});

describe('cluster core: sbatch scripts', () => {
  it('writes every option as an #SBATCH line, rejects smuggled newlines and non-options', () => {
    assert.deepStrictEqual(sbatchOptionLines(group().slurm!.options), [
      '#SBATCH --partition=debug', '#SBATCH --time=0:30:00', '#SBATCH --cpus-per-task=2', '#SBATCH --mem=4G', '#SBATCH --gres=gpu:1', '#SBATCH --account=lab']);
    assert.throws(() => sbatchOptionLines({ partition: 'a\n#SBATCH --x' }), /one line/);
    assert.throws(() => sbatchOptionLines({ extra: ['rm -rf /'] }), /must be an option/);
  });

  it('the array script runs one task per index, throttled, resuming when a checkpoint exists', () => {
    const s = arrayScript(group(), '/w/runs/g one', { node: '/usr/bin/node', cli: '/x/dist/cli.js' });
    assert.match(s, /^#!\/bin\/bash\n/);
    assert.match(s, /#SBATCH --array=0-2%2\n/);
    assert.match(s, /#SBATCH --output=slurm\/task-%a.out\n/);
    assert.match(s, /GROUP='\/w\/runs\/g one'\n/);
    assert.match(s, /TASKS=\(fold-1 fold-2 fold-4\)/);
    assert.match(s, /checkpoints\/latest\/manifest.json" \]; then\n {2}exec "\$NODE" "\$CLI" train --resume "\$RUN"/);
    assert.match(s, /train "\$GROUP\/\$\{CONFIGS\[\$i\]\}" --run-dir "\$RUN"/);
    const a = aggregateScript(group(), '/w/g', { node: 'node', cli: 'cli.js' });
    assert.match(a, /exec "\$NODE" "\$CLI" aggregate "\$GROUP"/);
    assert.doesNotMatch(a, /--array|--gres/);
  });

  it('array specs compress runs of indices; shell quoting survives quotes', () => {
    assert.strictEqual(arraySpec([0, 1, 2, 4, 6, 7], 2), '0-2,4,6-7%2');
    assert.strictEqual(arraySpec([3]), '3');
    assert.strictEqual(shellQuote("it's"), `'it'\\''s'`);
  });
});

describe('cluster core: Slurm output parsing', () => {
  it('parses squeue per-task lines (pending, running with node, finished)', () => {
    const jobs = parseSqueue('7_2|7|7|2|PENDING|Resources|\n7_0|9|7|0|RUNNING|None|vm\n7_1|10|7|1|COMPLETED|None|vm\n12|12|N/A|N/A|PENDING|Dependency|\n');
    assert.strictEqual(jobs.length, 4);
    assert.deepStrictEqual(jobs[1], { jobId: '9', arrayJobId: '7', taskId: 0, state: 'RUNNING', reason: 'None', node: 'vm' });
    assert.deepStrictEqual(jobs[3], { jobId: '12', arrayJobId: '12', taskId: null, state: 'PENDING', reason: 'Dependency', node: '' });
  });

  it('parses scontrol -o lines with exit code and signal', () => {
    const text = 'JobId=9 JobName=medseg-cv-tiny UserId=root(0) ArrayJobId=7 ArrayTaskId=0 JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 NodeList=vm WorkDir=/w/g one\n'
      + 'JobId=10 ArrayJobId=7 ArrayTaskId=1 JobState=CANCELLED Reason=None ExitCode=0:15 NodeList=vm\n';
    const [a, b] = parseScontrol(text);
    assert.deepStrictEqual([a.jobId, a.taskId, a.state, a.reason, a.exitCode, a.signal, a.node], ['9', 0, 'FAILED', 'NonZeroExitCode', 1, 0, 'vm']);
    assert.deepStrictEqual([b.state, b.exitCode, b.signal], ['CANCELLED', 0, 15]);
  });

  it('maps jobs to tasks by the latest submission; unknown tasks are MISSING', () => {
    const g = group();
    g.slurm!.submissions.push({ arrayJobId: '20', aggregateJobId: '21', tasks: [1], time: '' });
    const jobs = [...parseSqueue('7_0|9|7|0|RUNNING|None|vm\n7_1|10|7|1|FAILED|NonZeroExitCode|vm\n20_1|20|20|1|PENDING|Priority|\n'), ...parseScontrol('JobId=10 ArrayJobId=7 ArrayTaskId=1 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0 NodeList=vm')];
    const st = groupTaskStates(g, jobs);
    assert.strictEqual(describeTaskState(st.get(0)!), 'RUNNING on vm');
    assert.strictEqual(st.get(1)!.state, 'PENDING', 'the resubmission wins');
    assert.strictEqual(st.get(2)!.state, 'MISSING');
    assert.strictEqual(describeTaskState({ state: 'FAILED', node: 'vm', reason: 'NonZeroExitCode', exitCode: 3 }), 'FAILED exit 3');
  });
});

describe('cluster core: summaries and grids', () => {
  it('mean ± std of every metric over completed folds; the others are named with Slurm reason and tail', () => {
    const g = group();
    const s = summarizeGroup(g, [
      { index: 0, name: 'fold-1', runDir: '/g/fold-1', summary: summary('completed'), best: record(0.5, 1) },
      { index: 1, name: 'fold-2', runDir: '/g/fold-2', summary: summary('completed'), best: record(0.7, 0) },
      { index: 2, name: 'fold-4', runDir: '/g/fold-4', summary: summary('stopped'), slurm: { state: 'CANCELLED', node: 'vm', reason: 'None', exitCode: 0, signal: 15 }, outputTail: ['SIGTERM: stopping'] },
    ], new Date(0));
    assert.deepStrictEqual(s.completed, ['fold-1', 'fold-2']);
    assert.deepStrictEqual(s.missing, ['fold-4']);
    assert.strictEqual(s.tasks[2].status, 'cancelled');
    assert.deepStrictEqual(s.tasks[2].outputTail, ['SIGTERM: stopping']);
    assert.ok(Math.abs(s.metrics.valDice.mean - 0.6) < 1e-12);
    assert.ok(Math.abs(s.metrics.valDice.std - Math.sqrt(0.02)) < 1e-12);
    assert.strictEqual(s.metrics['tumour.iou'].n, 2);
    assert.strictEqual(s.metrics['tumour.hd95'], undefined, 'all-null metric omitted');
    assert.deepStrictEqual(s.ensemble.checkpoints, ['/g/fold-1/checkpoints/best', '/g/fold-2/checkpoints/best']);
    const text = formatGroupSummary(s);
    assert.match(text, /2\/3 completed/);
    assert.match(text, /fold-4 +cancelled/);
    assert.match(text, /\| SIGTERM: stopping/);
    assert.match(text, /not completed: fold-4/);
  });

  it('a failed task without a run summary still reports Slurm exit code; a sweep is ranked by Dice', () => {
    const g = group({ kind: 'sweep', tasks: [{ index: 0, name: 'point-0', params: { lr: 1 } }, { index: 1, name: 'point-1', params: { lr: 2 } }, { index: 2, name: 'point-2', params: { lr: 3 } }] });
    const s = summarizeGroup(g, [
      { index: 0, name: 'point-0', runDir: 'a', summary: summary('completed'), best: record(0.2, null) },
      { index: 1, name: 'point-1', runDir: 'b', summary: summary('completed'), best: record(0.9, null) },
      { index: 2, name: 'point-2', runDir: 'c', slurm: { state: 'FAILED', node: 'vm', reason: 'NonZeroExitCode', exitCode: 1, signal: 0 }, outputTail: ['medseg: no such folder'] },
    ], new Date(0));
    assert.deepStrictEqual(s.ranking, { rankBy: 'valDice', order: ['point-1', 'point-0'] });
    assert.strictEqual(s.tasks[2].status, 'failed');
    assert.strictEqual(s.tasks[2].slurm?.label, 'FAILED exit 1');
    assert.match(formatGroupSummary(s), /#1 point-1/);
  });

  it('meanStd of one value has std 0', () => {
    assert.deepStrictEqual(meanStd([3]), { mean: 3, std: 0, n: 1 });
  });

  it('grid axes parse values as JSON where possible and form the cartesian product; overrides are deep', () => {
    const a = parseGridAxis('optimizer.learningRate=0.01, 1e-3');
    const b = parseGridAxis('augmentation.preset=none,light');
    assert.deepStrictEqual(a, { key: 'optimizer.learningRate', values: [0.01, 0.001] });
    assert.deepStrictEqual(gridPoints([a, b]).map((p) => Object.values(p)), [[0.01, 'none'], [0.01, 'light'], [0.001, 'none'], [0.001, 'light']]);
    assert.throws(() => parseGridAxis('=1,2'), /key=v1,v2/);
    assert.throws(() => parseGridAxis('lr='), /no values/);
    const base = { optimizer: { learningRate: 1, beta: 2 }, name: 'x' };
    const out = applyOverrides(base, { 'optimizer.learningRate': 5, 'training.epochs': 3 });
    assert.deepStrictEqual(out, { optimizer: { learningRate: 5, beta: 2 }, name: 'x', training: { epochs: 3 } });
    assert.strictEqual(base.optimizer.learningRate, 1, 'input untouched');
  });

  it('the resources line becomes CLI arguments; unknown options and missing values are named', () => {
    assert.deepStrictEqual(parseResources(' --time 1:00:00 --cpus=2  --sbatch --account=lab '), ['--time', '1:00:00', '--cpus', '2', '--sbatch', '--account=lab']);
    assert.deepStrictEqual(parseResources(''), []);
    assert.match(parseResources('--partition x') as string, /unknown option --partition/);
    assert.match(parseResources('--mem') as string, /--mem needs a value/);
  });
});
