/**
 * Host ↔ webview protocol of the Environment panel ("MedSeg: Show Environment").
 * Carried by MessageHandler on both sides.
 */
import { EnvironmentReport } from './workerProtocol';

/** Host → panel: show this report. */
export interface ShowReportMessage {
  type: 'showReport';
  report: EnvironmentReport;
}

/** Host → panel: reply with what the panel currently displays (tests, state checks). */
export interface GetPanelStateRequest {
  type: 'getPanelState';
}

/** Everything the host sends to the Environment panel. */
export type ToEnvironmentPanel = ShowReportMessage | GetPanelStateRequest;

/** Panel → host: the script has loaded and is listening. */
export interface PanelReadyMessage {
  type: 'ready';
}

/** Everything the Environment panel sends on its own. */
export type FromEnvironmentPanel = PanelReadyMessage;

/** What the panel displays (reply to `getPanelState`). */
export interface EnvironmentPanelState {
  /** Names of backends shown as available. */
  availableBackends: string[];
  /** Rows rendered in the backend table. */
  rows: number;
  /** The worker pid the shown report came from. */
  pid: number | undefined;
}

/** Reply types of requests the host sends. */
export interface EnvironmentPanelReplies {
  getPanelState: EnvironmentPanelState;
  showReport: void;
  [k: string]: unknown;
}
