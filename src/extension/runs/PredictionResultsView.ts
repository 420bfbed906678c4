/**
 * "Prediction Results" (a tree in the MedSeg view container): the evaluation of the last
 * prediction on a folder with masks or labels, as `evaluation.json` holds it: overall and
 * per-region Dice/HD95, class accuracy, the confusion matrix (rows true, columns
 * predicted), and every case worst Dice first; a case opens its image, truth and
 * prediction in the slice viewer.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { CaseEvaluation, PredictEvaluation } from '../../core/protocol/workerProtocol';
import { Disposable } from '../../core/util/Disposable';

/** One row of the tree (label, description, children, click). */
interface Row {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  command?: vscode.Command;
  children?: Row[];
}

export const PREDICTION_RESULTS_VIEW = 'medseg.predictionResults';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null | undefined, unit = '') => (x === null || x === undefined ? 'n/a' : `${x.toFixed(x >= 10 ? 1 : 3)}${unit}`);

/** The case's row: Dice, HD95 and class, opening the viewer. */
function caseRow(e: PredictEvaluation, c: CaseEvaluation): Row {
  const hd = c.regions.map((r) => r.hd95).filter((x): x is number => x !== null);
  const cls = c.predClass === undefined ? '' : ` · ${c.trueClass === undefined ? '' : `${e.classes[c.trueClass] ?? c.trueClass} → `}${e.classes[c.predClass] ?? c.predClass}${c.correct === undefined ? '' : c.correct ? ' ✓' : ' ✗'}`;
  return {
    label: c.id,
    description: `Dice ${num(c.meanDice)} · HD95 ${hd.length ? num(hd.reduce((a, b) => a + b, 0) / hd.length, ' mm') : 'n/a'}${cls}`,
    tooltip: c.regions.map((r) => `${r.name}: Dice ${num(r.dice)}, HD95 ${num(r.hd95, ' mm')}, truth ${r.truthVoxels} px, predicted ${r.predVoxels} px`).join('\n') || 'no mask',
    icon: c.correct === false || (c.meanDice !== null && c.meanDice < 0.5) ? 'warning' : 'pass',
    command: {
      command: 'medseg.openSliceViewer', title: 'Open in Slice Viewer',
      arguments: [{ image: vscode.Uri.file(c.image), mask: c.truth ? vscode.Uri.file(c.truth) : undefined, prediction: vscode.Uri.file(c.prediction), title: `Prediction: ${c.id}` }],
    },
  };
}

/** The rows of an evaluation (pure apart from vscode types; what the view and its tests show). */
export function evaluationRows(e: PredictEvaluation): Row[] {
  const labelled = e.cases.filter((c) => c.correct !== undefined);
  const rows: Row[] = [{
    label: `${e.cases.length} cases · Dice ${num(e.overallDice)}${e.accuracy === null ? '' : ` · accuracy ${pct(e.accuracy)} (${labelled.filter((c) => c.correct).length}/${labelled.length})`}`,
    description: path.basename(e.runDir),
    tooltip: `${e.runDir} (${e.checkpoint} checkpoint)\n${e.json}\n${e.csv}`,
    icon: 'graph',
    children: e.regions.map((r) => ({ label: r, description: `mean Dice ${num(e.meanDice[r])} · mean HD95 ${num(e.meanHd95[r], ' mm')}` })),
  }];
  if (e.confusion) {
    rows.push({
      label: 'Confusion matrix', description: `rows true, columns predicted: ${e.classes.join(' · ')}`, icon: 'table',
      children: e.confusion.map((row, i) => ({
        label: e.classes[i] ?? String(i), description: row.join(' · '),
        tooltip: `true ${e.classes[i]}: ${row.map((n, j) => `${n} predicted ${e.classes[j]}`).join(', ')}; accuracy ${pct(e.perClassAccuracy?.[i])}`,
      })),
    });
  }
  const cases = [...e.cases].sort((a, b) => (a.meanDice ?? 2) - (b.meanDice ?? 2) || a.id.localeCompare(b.id));
  rows.push({ label: `Cases (${cases.length})`, description: 'worst Dice first; click to open in the viewer', icon: 'list-flat', children: cases.map((c) => caseRow(e, c)) });
  for (const f of [e.json, e.csv]) rows.push({ label: path.basename(f), icon: 'file', command: { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(f)] } });
  return rows;
}

export class PredictionResultsView extends Disposable implements vscode.TreeDataProvider<Row> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private rows: Row[] = [];

  constructor() {
    super();
    this._register(vscode.window.registerTreeDataProvider(PREDICTION_RESULTS_VIEW, this));
  }

  /** Shows `evaluation` and reveals the view. */
  async show(evaluation: PredictEvaluation): Promise<void> {
    this.rows = evaluationRows(evaluation);
    await vscode.commands.executeCommand('setContext', 'medseg.hasPredictionResults', true);
    this.changed.fire();
    await vscode.commands.executeCommand(`${PREDICTION_RESULTS_VIEW}.focus`);
  }

  getChildren(element?: Row): Row[] {
    return element ? element.children ?? [] : this.rows;
  }

  getTreeItem(r: Row): vscode.TreeItem {
    const item = new vscode.TreeItem(r.label, r.children?.length ? (r.label.startsWith('Cases') || r.label === 'Confusion matrix' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
    item.description = r.description;
    item.tooltip = r.tooltip;
    item.command = r.command;
    if (r.icon) item.iconPath = new vscode.ThemeIcon(r.icon);
    return item;
  }
}
