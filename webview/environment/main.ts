/**
 * The Environment panel: a table of tfjs backends with availability and reasons,
 * plus machine facts. Answers `getPanelState` so tests can check what it shows.
 */
import './style.css';
import { MessageHandler } from '../../src/core/protocol/MessageHandler';
import {
  EnvironmentPanelState, FromEnvironmentPanel, ToEnvironmentPanel,
} from '../../src/core/protocol/environmentPanelProtocol';
import { EnvironmentReport } from '../../src/core/protocol/workerProtocol';
import { assertNever } from '../../src/core/util/assertNever';
import { formatEnvironmentReport } from '../../src/core/protocol/formatEnvironmentReport';
import { webviewApi } from '../shared/vscodeApi';

const vscodeApi = webviewApi<{ report?: EnvironmentReport }>();
let shown: EnvironmentReport | undefined = vscodeApi.getState()?.report;

function render(report: EnvironmentReport | undefined): void {
  const root = document.getElementById('root')!;
  root.textContent = '';
  if (!report) {
    root.textContent = 'Probing backends…';
    return;
  }
  const h = document.createElement('h2');
  h.textContent = `MedSeg Lab environment: auto picks ${report.recommended}`;
  const table = document.createElement('table');
  table.id = 'backends';
  for (const b of report.backends) {
    const tr = table.insertRow();
    tr.className = b.available ? 'ok' : 'missing';
    tr.dataset.backend = b.name;
    for (const text of [b.available ? '✓' : '✗', b.name, b.package, b.reason]) tr.insertCell().textContent = text;
  }
  const pre = document.createElement('pre');
  pre.textContent = formatEnvironmentReport(report);
  root.append(h, table, pre);
}

function state(): EnvironmentPanelState {
  const rows = document.querySelectorAll<HTMLTableRowElement>('#backends tr');
  return {
    availableBackends: [...rows].filter((r) => r.className === 'ok').map((r) => r.dataset.backend ?? ''),
    rows: rows.length,
    pid: shown?.pid,
  };
}

const channel = new MessageHandler<FromEnvironmentPanel, ToEnvironmentPanel>({
  post: (m) => vscodeApi.postMessage(m),
  onRequest: (msg) => {
    switch (msg.type) {
      case 'showReport':
        shown = msg.report;
        vscodeApi.setState({ report: shown });
        render(shown);
        return undefined;
      case 'getPanelState':
        return state();
      default:
        return assertNever(msg, 'message');
    }
  },
});
window.addEventListener('message', (e: MessageEvent) => { void channel.handleMessage(e.data); });
render(shown);
channel.notify({ type: 'ready' });
