/**
 * Timers exist in every runtime core runs in (Node, browsers, webviews), but core's
 * tsconfig has neither DOM nor Node types on purpose. Declare just these.
 */
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
