/**
 * A tensor read from a paused debuggee through the active debug session's DAP
 * `evaluate` (see `core/tensor/debugExpressions`). With "watch" on, it fires
 * `onDidChange` every time the session stops again so the panel reloads.
 */
import * as vscode from 'vscode';
import { DebugLanguage, languageOfSessionType } from '../../core/tensor/debugExpressions';
import { fetchDebugTensor } from '../../core/tensor/fetchDebugTensor';
import { MedSegError } from '../../core/util/MedSegError';
import { LoadedTensor, TensorSource } from './TensorSource';

/** DAP `evaluate` reply body (the part we use). */
interface EvaluateBody { result?: string }

/** The frame to evaluate in: the focused frame of `session`, else its first thread's top frame. */
export async function resolveFrameId(session: vscode.DebugSession): Promise<number> {
  const item = vscode.debug.activeStackItem;
  if (item instanceof vscode.DebugStackFrame && item.session.id === session.id) return item.frameId;
  let threadId = item instanceof vscode.DebugThread && item.session.id === session.id ? item.threadId : undefined;
  if (threadId === undefined) {
    const threads = (await session.customRequest('threads')) as { threads?: { id: number }[] };
    threadId = threads.threads?.[0]?.id;
  }
  if (threadId === undefined) throw new MedSegError('not-paused', 'the debuggee has no threads');
  const st = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames?: { id: number }[] };
  const frame = st.stackFrames?.[0];
  if (!frame) throw new MedSegError('not-paused', 'the debugger is not paused: stop at a breakpoint first');
  return frame.id;
}

/** The session a "View as Tensor" applies to: the one of the focused frame, else the active one. */
export function currentDebugSession(): vscode.DebugSession | undefined {
  const item = vscode.debug.activeStackItem;
  return item?.session ?? vscode.debug.activeDebugSession;
}

/** One debugger expression as a tensor source. */
export class DebugTensorSource implements TensorSource {
  readonly watchable = true;
  readonly variables: string[];
  readonly title: string;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchOn = false;
  private ended = false;
  private readonly language: DebugLanguage;

  constructor(private readonly session: vscode.DebugSession, private readonly expression: string, private readonly maxBytes: number) {
    const lang = languageOfSessionType(session.type);
    if (!lang) throw new MedSegError('unsupported-debugger', `debug sessions of type '${session.type}' are not supported (Python/debugpy and JavaScript/js-debug are)`);
    this.language = lang;
    this.variables = [expression];
    this.title = expression;
    this.subscriptions.push(
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (this.watchOn && item instanceof vscode.DebugStackFrame && item.session.id === this.session.id) this.changed.fire();
      }),
      vscode.debug.onDidTerminateDebugSession((s) => { if (s.id === this.session.id) this.ended = true; }),
    );
  }

  get watching(): boolean {
    return this.watchOn;
  }

  setWatch(on: boolean): void {
    this.watchOn = on;
    // Catch up at once when stopped now; while running, the next stop reloads.
    const item = vscode.debug.activeStackItem;
    if (on && item instanceof vscode.DebugStackFrame && item.session.id === this.session.id) this.changed.fire();
  }

  async load(_name: string, token?: vscode.CancellationToken): Promise<LoadedTensor> {
    if (this.ended) throw new MedSegError('session-ended', 'the debug session has ended');
    const frameId = await resolveFrameId(this.session);
    const evaluate = async (expression: string): Promise<string> => {
      // 'clipboard' context: neither js-debug nor debugpy truncates the result string
      // there (in 'repl' js-debug may print to the console instead of answering).
      const body = (await this.session.customRequest('evaluate', { expression, frameId, context: 'clipboard' })) as EvaluateBody;
      if (typeof body?.result !== 'string') throw new MedSegError('evaluate-failed', 'the debug adapter returned no result');
      return body.result;
    };
    try {
      const t = await fetchDebugTensor(evaluate, this.language, this.expression, {
        maxBytes: this.maxBytes,
        isCancelled: () => token?.isCancellationRequested ?? false,
      });
      return {
        array: t.array,
        source: `debug: ${this.session.name} (${t.kind}, frame ${frameId})`,
        note: t.note,
      };
    } catch (err) {
      if (err instanceof MedSegError) throw err;
      // DAP errors arrive as plain Errors: name the expression so the message makes sense.
      throw new MedSegError('evaluate-failed', `could not read '${this.expression}' as a tensor: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}
