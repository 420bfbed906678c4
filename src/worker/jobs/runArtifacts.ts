/**
 * Images a run writes for people: the augmented first batch (`previews/batch-000.png`)
 * and per-epoch validation overlays (`overlays/epoch-NNN/`: image | ground-truth outline |
 * prediction filled under the same outline), plus the matching
 * `validationPreview` events for the dashboard.
 */
import { composePanels, OverlayIndex, overlayDir, resamplePlane, stackRows, toGray8 } from '../../core/run';
import { getChannel, type Sample2D } from '../../core/preprocessing/Sample2D';
import { encodeBase64 } from '../../core/tensor/base64';
import type { ValidationPreviewEvent } from '../../core/protocol/workerProtocol';
import type { CasePrediction } from '../../training/loop/Trainer';
import type { RunWriter } from '../io/RunWriter';

/** Writes `previews/batch-000.png`: one row per sample, image | image with mask. */
export function writeBatchPreview(run: RunWriter, batch: readonly Sample2D[]): string {
  const rows = batch.map((s) => {
    const gray = toGray8(getChannel(s, 0));
    return composePanels([{ gray }, { gray, labels: s.mask }], s.width, s.height);
  });
  const rel = 'previews/batch-000.png';
  run.writePng(rel, stackRows(rows));
  return rel;
}

/** Writes the overlays of the fixed validation cases and returns the events to send. */
export function writeOverlays(run: RunWriter, epoch: number, cases: readonly Sample2D[], preds: ReadonlyMap<string, CasePrediction>, size: number): ValidationPreviewEvent[] {
  const dir = overlayDir(epoch);
  const index: OverlayIndex = { epoch, size, cases: [] };
  const events: ValidationPreviewEvent[] = [];
  for (const s of cases) {
    const p = preds.get(s.id);
    if (!p) continue;
    const gray = toGray8(getChannel(s, 0));
    const gt = s.mask ?? new Uint8Array(s.width * s.height);
    const r = (a: Uint8Array) => resamplePlane(a, s.width, s.height, size);
    const g = r(gray);
    // image | truth outline | prediction filled with the truth outline on top (colours: overlayImage.ts).
    const truth = r(gt);
    const img = composePanels([{ gray: g }, { gray: g, outline: truth }, { gray: g, labels: r(p.pred), outline: truth }], size, size);
    const file = `${s.id.replace(/[^A-Za-z0-9._-]/g, '_')}.png`;
    run.writePng(`${dir}/${file}`, img);
    const predictedLabel = p.probs ? p.probs.indexOf(Math.max(...p.probs)) : undefined;
    index.cases.push({ id: s.id, file, dice: p.dice, label: s.label, predictedLabel });
    events.push({ type: 'validationPreview', runDir: run.dir, epoch, caseId: s.id, width: s.width, height: s.height, image: encodeBase64(gray), gt: encodeBase64(gt), pred: encodeBase64(p.pred), dice: p.dice });
  }
  run.writeJson(`${dir}/index.json`, index);
  return events;
}
