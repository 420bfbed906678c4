/** Run folder layout and record types (see RunFolder.ts for the layout). */
export * from './RunFolder';
export * from './EpochRecord';
export * from './RunSummary';
export * from './CheckpointManifest';
export * from './overlayImage';
