/** Plain-text environment report for the output channel and `medseg env`. */
import { EnvironmentReport } from './workerProtocol';
/** Plain-text environment report for the output channel. */
export function formatEnvironmentReport(r: EnvironmentReport): string {
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return [
    `MedSeg Lab environment (worker pid ${r.pid}, Node ${r.node}, ${r.platform}/${r.arch})`,
    `  CPU: ${r.cpus} core(s), ${r.cpuModel}; memory ${gib(r.totalMemoryBytes)} (${gib(r.freeMemoryBytes)} free)`,
    `  GPU: ${r.gpus.length ? r.gpus.map((g) => `${g.name}, driver ${g.driver}, ${g.memoryMiB} MiB`).join('; ') : r.gpuNote ?? 'none'}`,
    `  CUDA libraries: ${r.cudaLibraries.map((l) => `${l.name} ${l.found ? 'found' : 'not found'}`).join(', ')}`,
    ...r.backends.map((b) => `  ${b.available ? '✓' : '✗'} ${b.name}: ${b.reason}`),
    `  WASM threads: ${r.backends.find((b) => b.name === 'wasm')?.threads ?? 'n/a'}`,
    `  auto picks: ${r.recommended}`,
  ].join('\n');
}
