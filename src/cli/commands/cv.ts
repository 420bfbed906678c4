import { CliCommand } from './CliCommand';
import { MedSegError } from '../../core/util/MedSegError';
import { assignFolds, foldsOf } from '../../training/data/splitCases';
import { resolveRunData } from '../../worker/jobs/resolveRunData';
import { selectCases } from '../../worker/jobs/loadTrainingData';
import '../../worker/jobs/registerGradients';
import { createGroup, readRawConfig, TaskDraft } from '../cluster/groupFolder';
import { launchGroup } from '../cluster/launchGroup';
import { eachArg } from './argParsing';
import { defaultGroupArgs, GROUP_OPTIONS_USAGE, takeGroupOption } from './groupArgs';

const USAGE = `Usage: medseg cv <config.medseg.json> [--folds K] [--only 1,3] [executor options]
K-fold cross-validation, grouped by patient/case. Author folds (figshare labels.csv
cv_fold_cvind5fold, a manifest's fold column) are used when every case has one; otherwise
cases are dealt into K seeded folds (default 5). Each fold is a run folder under
<run.outputDir>/<stamp>-<name>-cv/fold-N; cv-summary.json holds every metric per fold and
mean ± std, and the folds' best checkpoints (a fold ensemble).
${GROUP_OPTIONS_USAGE}`;

/** `medseg cv`: cross-validates a config, locally or as a Slurm job array. */
export const cvCommand: CliCommand = {
  name: 'cv',
  summary: 'k-fold cross-validation of a config, locally or as a Slurm array; mean ± std',
  async run(args) {
    if (args.includes('--help') || args.includes('-h') || args.length === 0) {
      console.log(USAGE);
      return args.length === 0 ? 2 : 0;
    }
    let k = 5;
    let only: number[] | undefined;
    let configPath: string | undefined;
    const g = defaultGroupArgs();
    eachArg(args, (a, value) => {
      if (takeGroupOption(a, value, g)) return;
      if (a === '--folds') k = Number(value());
      else if (a === '--only') only = value().split(',').map(Number);
      else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${USAGE}`);
      else configPath = a;
    });
    if (!configPath) throw new MedSegError('bad-args', USAGE);
    if (!Number.isInteger(k) || k < 2) throw new MedSegError('bad-args', `--folds must be an integer ≥ 2`);
    const { cfg, dataset } = await resolveRunData({ type: 'train', configPath });
    const raw = readRawConfig(configPath);
    const folds = foldsOf(assignFolds(selectCases(cfg, dataset), k, cfg.seed)).filter((f) => !only || only.includes(f));
    if (folds.length === 0) throw new MedSegError('bad-args', `no fold to run (--only ${only?.join(',')})`);
    const rawData = (raw.data ?? {}) as Record<string, unknown>;
    const drafts: TaskDraft[] = folds.map((f) => ({
      name: `fold-${f}`, fold: f,
      config: { ...raw, name: `${cfg.name}-fold${f}`, data: { ...rawData, validation: { strategy: 'fold', fold: f, folds: k } } },
    }));
    const { dir, group } = createGroup('cv', configPath, cfg, drafts, g.executor, g.slurm);
    return launchGroup(dir, group, g);
  },
};
