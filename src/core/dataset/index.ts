/** Dataset recognition and the dataset doctor (browser-safe: file access through a FileSource). */
export * from './DatasetManifest';
export * from './FileSource';
export * from './Finding';
export { naturalCompare } from './naturalCompare';
export { parseCsv, parseLabelsCsv } from './labelsCsv';
export type { LabelRow, LabelsTable } from './labelsCsv';
export { parseDatasetJson } from './parseDatasetJson';
export type { DatasetJson, DatasetJsonCase } from './parseDatasetJson';
export { recognizeDataset, LABELS_CSV } from './recognizeDataset';
export type { RecognizeOptions, Recognition } from './recognizeDataset';
export { DATASET_JSON } from './recognizeManifest';
export { checkDataset } from './checkDataset';
export type { CheckOptions, CheckProgress } from './checkDataset';
export { formatDoctorReport, formatFinding } from './formatDoctorReport';
