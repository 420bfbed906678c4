/**
 * Request/reply and one-way messages over any postMessage-like channel (a child
 * process's IPC, a webview). Shared by both ends of every boundary.
 *
 * - `request` sends a message with a fresh id and resolves with the peer's reply, or
 *   rejects with the peer's error reply, on timeout, or when the channel closes
 *   (e.g. the worker died): nothing is left hanging.
 * - `notify` sends a one-way event.
 * - Incoming requests go to `onRequest`; whatever it returns (or throws) is replied.
 */
import { IDisposable } from '../util/Disposable';

/** A message of some protocol: discriminated by `type`. */
export interface ProtocolMessage {
  type: string;
}

/** Error payload of an error reply. */
export interface WireError {
  message: string;
  code?: string;
  stack?: string;
}

/** What actually crosses the channel. */
export type WireMessage =
  | { kind: 'request'; id: number; message: ProtocolMessage }
  | { kind: 'reply'; id: number; result?: unknown; error?: WireError }
  | { kind: 'event'; message: ProtocolMessage };

/** Thrown when a request fails: the peer replied with an error, timed out, or the channel closed. */
export class RequestError extends Error {
  constructor(message: string, readonly code: 'remote' | 'timeout' | 'closed', readonly remoteCode?: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Maps a request's `type` to the type of its reply. */
export type ReplyMap = Record<string, unknown>;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  type: string;
}

/** Options of a MessageHandler. */
export interface MessageHandlerOptions<TIn extends ProtocolMessage> {
  /** Sends a wire message to the peer. */
  post: (msg: WireMessage) => void;
  /** Handles a request from the peer; its result is sent back as the reply. */
  onRequest?: (msg: TIn) => Promise<unknown> | unknown;
  /** Handles a one-way event from the peer. */
  onEvent?: (msg: TIn) => void;
  /** Default timeout per request in ms (0 = none). */
  timeoutMs?: number;
}

/**
 * One end of a typed channel. `TOut` are messages we send, `TIn` those we receive,
 * `TReplies` maps each request type we send to its reply type.
 */
export class MessageHandler<TOut extends ProtocolMessage, TIn extends ProtocolMessage, TReplies extends ReplyMap = ReplyMap>
  implements IDisposable {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | undefined;

  constructor(private readonly options: MessageHandlerOptions<TIn>) {}

  /** Number of requests awaiting a reply (for tests and diagnostics). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends `msg` as a request; resolves with the reply for its type. */
  request<M extends TOut>(msg: M, timeoutMs = this.options.timeoutMs ?? 0): Promise<M['type'] extends keyof TReplies ? TReplies[M['type']] : unknown> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new RequestError(`cannot send '${msg.type}': ${this.closedReason}`, 'closed'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = timeoutMs > 0
        ? setTimeout(() => {
          this.pending.delete(id);
          reject(new RequestError(`request '${msg.type}' timed out after ${timeoutMs} ms`, 'timeout'));
        }, timeoutMs)
        : undefined;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, type: msg.type });
      try {
        this.options.post({ kind: 'request', id, message: msg });
      } catch (err) {
        this.settle(id)?.reject(new RequestError(`could not send '${msg.type}': ${errorMessage(err)}`, 'closed'));
      }
    });
  }

  /** Sends a one-way event. */
  notify(msg: TOut): void {
    if (this.closedReason === undefined) this.options.post({ kind: 'event', message: msg });
  }

  /** Feeds a message received from the peer. Unknown shapes are ignored. */
  async handleMessage(raw: unknown): Promise<void> {
    if (!isWire(raw)) return;
    switch (raw.kind) {
      case 'reply': {
        const p = this.settle(raw.id);
        if (!p) return;
        if (raw.error) p.reject(new RequestError(raw.error.message, 'remote', raw.error.code));
        else p.resolve(raw.result);
        return;
      }
      case 'event':
        this.options.onEvent?.(raw.message as TIn);
        return;
      case 'request': {
        const id = raw.id;
        try {
          if (!this.options.onRequest) throw new Error(`no handler for request '${raw.message.type}'`);
          const result = await this.options.onRequest(raw.message as TIn);
          this.safePost({ kind: 'reply', id, result });
        } catch (err) {
          const e = err as { code?: unknown; stack?: unknown };
          this.safePost({ kind: 'reply', id, error: { message: errorMessage(err), code: typeof e?.code === 'string' ? e.code : undefined } });
        }
        return;
      }
    }
  }

  /** Rejects every pending request with `reason` and refuses new ones (the peer is gone). */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const id of [...this.pending.keys()]) {
      const p = this.settle(id)!;
      p.reject(new RequestError(`request '${p.type}' failed: ${reason}`, 'closed'));
    }
  }

  dispose(): void {
    this.close('the channel was disposed');
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    return p;
  }

  private safePost(msg: WireMessage): void {
    try { this.options.post(msg); } catch { /* peer gone: nothing to reply to */ }
  }
}

function isWire(x: unknown): x is WireMessage {
  if (!x || typeof x !== 'object') return false;
  const k = (x as { kind?: unknown }).kind;
  return k === 'request' || k === 'reply' || k === 'event';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
