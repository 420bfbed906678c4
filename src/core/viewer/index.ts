/** Pure rendering math of the slice viewer (browser-safe; used by the webview, the host's tests and the bench). */
export * from './SliceGeometry';
export * from './windowing';
export * from './colormaps';
export * from './labels';
export * from './renderSlice';
export * from './overlap';
export * from './volumeStats';
