import { CliCommand } from './CliCommand';
import { environmentReport } from '../../worker/backend/probeBackends';
import { formatEnvironmentReport } from '../../core/protocol/formatEnvironmentReport';

/** `medseg env [--json]`: which tfjs backends load here, and why the others don't. */
export const envCommand: CliCommand = {
  name: 'env',
  summary: 'report tfjs backends, CPU, memory and GPU (also: doctor of the install)',
  async run(args) {
    const report = await environmentReport();
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatEnvironmentReport(report));
    return 0;
  },
};
