import * as vscode from 'vscode';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import {
  EnvironmentPanelReplies, EnvironmentPanelState, FromEnvironmentPanel, ToEnvironmentPanel,
} from '../../core/protocol/environmentPanelProtocol';
import { EnvironmentReport } from '../../core/protocol/workerProtocol';
import { Disposable } from '../../core/util/Disposable';
import { webviewHtml, webviewRoots } from '../panels/webviewHtml';
import { trackWebviewErrors } from '../panels/webviewErrors';

/** The "MedSeg Environment" webview panel: one at a time, re-used. */
export class EnvironmentPanel extends Disposable {
  private static current: EnvironmentPanel | undefined;
  private readonly channel: MessageHandler<ToEnvironmentPanel, FromEnvironmentPanel, EnvironmentPanelReplies>;
  private readonly ready: Promise<void>;

  /** Shows `report` in the panel, creating it if needed; resolves once the webview rendered it. */
  static async show(extensionUri: vscode.Uri, report: EnvironmentReport): Promise<EnvironmentPanel> {
    const panel = EnvironmentPanel.current ?? (EnvironmentPanel.current = new EnvironmentPanel(extensionUri));
    panel.panel.reveal(vscode.ViewColumn.Active, true);
    await panel.ready;
    await panel.channel.request({ type: 'showReport', report });
    return panel;
  }

  /** The open panel, if any (tests). */
  static get instance(): EnvironmentPanel | undefined {
    return EnvironmentPanel.current;
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(extensionUri: vscode.Uri) {
    super();
    this.panel = this._register(vscode.window.createWebviewPanel('medseg.environment', 'MedSeg Environment', {
      viewColumn: vscode.ViewColumn.Active, preserveFocus: true,
    }, { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) }));
    let markReady!: () => void;
    this.ready = new Promise((r) => { markReady = r; });
    this.channel = this._register(new MessageHandler<ToEnvironmentPanel, FromEnvironmentPanel, EnvironmentPanelReplies>({
      post: (m) => { void this.panel.webview.postMessage(m); },
      onEvent: (m) => { if (m.type === 'ready') markReady(); },
      timeoutMs: 30000,
    }));
    this._register(this.panel.webview.onDidReceiveMessage((m) => { void this.channel.handleMessage(m); }));
    this._register(trackWebviewErrors(this.panel.webview, 'environment'));
    this._register(this.panel.onDidDispose(() => {
      if (EnvironmentPanel.current === this) EnvironmentPanel.current = undefined;
      this.dispose();
    }));
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, { panel: 'environment', title: 'MedSeg Environment', css: true, body: '<div id="root"></div>' });
  }

  /** Asks the webview what it displays. */
  state(): Promise<EnvironmentPanelState> {
    return this.channel.request({ type: 'getPanelState' });
  }
}
