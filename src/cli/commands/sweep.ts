import { CliCommand } from './CliCommand';
import { gridPoints, GridAxis, parseGridAxis } from '../../core/cluster';
import { MedSegError } from '../../core/util/MedSegError';
import { configFromRequest } from '../../worker/jobs/trainJob';
import '../../worker/jobs/registerGradients';
import { applyOverrides } from '../../core/cluster';
import { createGroup, readRawConfig, TaskDraft } from '../cluster/groupFolder';
import { launchGroup } from '../cluster/launchGroup';
import { eachArg } from './argParsing';
import { defaultGroupArgs, GROUP_OPTIONS_USAGE, takeGroupOption } from './groupArgs';

const USAGE = `Usage: medseg sweep <config.medseg.json> --grid key=v1,v2 [--grid key=v1,v2 …] [executor options]
Trains the config once per point of the grid (the cartesian product of the --grid axes;
keys are dotted config fields, e.g. optimizer.learningRate=0.01,0.001 augmentation.preset=none,light).
Each point is a run folder under <run.outputDir>/<stamp>-<name>-sweep/point-N;
sweep-summary.json ranks the points by best validation Dice.
${GROUP_OPTIONS_USAGE}`;

/** `medseg sweep`: a grid of config values, locally or as a Slurm job array. */
export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'train a grid of config values (locally or as a Slurm array); ranks the points',
  async run(args) {
    if (args.includes('--help') || args.includes('-h') || args.length === 0) {
      console.log(USAGE);
      return args.length === 0 ? 2 : 0;
    }
    const axes: GridAxis[] = [];
    let configPath: string | undefined;
    const g = defaultGroupArgs();
    eachArg(args, (a, value) => {
      if (takeGroupOption(a, value, g)) return;
      if (a === '--grid') {
        try { axes.push(parseGridAxis(value())); } catch (err) { throw new MedSegError('bad-args', (err as Error).message); }
      } else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${USAGE}`);
      else configPath = a;
    });
    if (!configPath) throw new MedSegError('bad-args', USAGE);
    if (axes.length === 0) throw new MedSegError('bad-args', `at least one --grid key=v1,v2 is required\n${USAGE}`);
    const cfg = configFromRequest({ type: 'train', configPath });
    const raw = readRawConfig(configPath);
    const drafts: TaskDraft[] = gridPoints(axes).map((params, i) => ({
      name: `point-${i}`, params, config: { ...applyOverrides(raw, params), name: `${cfg.name}-p${i}` },
    }));
    const { dir, group } = createGroup('sweep', configPath, cfg, drafts, g.executor, g.slurm);
    return launchGroup(dir, group, g);
  },
};
