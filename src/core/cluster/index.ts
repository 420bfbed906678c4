/** Group runs (cross-validation, sweeps) and Slurm: layout, scripts, state parsing, summaries. */
export * from './ClusterGroup';
export * from './sbatchScript';
export * from './slurmState';
export * from './GroupSummary';
export * from './sweepGrid';
export * from './resourceArgs';
