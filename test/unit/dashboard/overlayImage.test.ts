import * as assert from 'assert';
import { composePanels } from '../../../src/core/run/overlayImage';

/** The outline colour the dashboard legend's `.truth` swatch shows (webview/dashboard/style.css). */
const TRUTH_OUTLINE_RGB = [255, 230, 0];

describe('stored validation overlays: truth and prediction drawn distinctly', () => {
  it('the truth is a yellow outline (also over the prediction), the prediction a filled label colour', () => {
    // 6×6 grey image; truth = 4×4 square at (1,1); prediction = the same square.
    const w = 6, h = 6;
    const gray = new Uint8Array(w * h).fill(100);
    const truth = new Uint8Array(w * h);
    for (let y = 1; y < 5; y++) for (let x = 1; x < 5; x++) truth[y * w + x] = 1;
    const img = composePanels([{ gray, outline: truth }, { gray, labels: truth, outline: truth }], w, h);
    const px = (panel: number, x: number, y: number): number[] => {
      const o = (y * img.width + panel * w + x) * 3;
      return [...img.data.subarray(o, o + 3)];
    };
    // Truth panel: boundary pixel yellow, interior and outside unchanged grey.
    assert.deepStrictEqual(px(0, 1, 1), TRUTH_OUTLINE_RGB);
    assert.deepStrictEqual(px(0, 2, 2), [100, 100, 100]);
    assert.deepStrictEqual(px(0, 0, 0), [100, 100, 100]);
    // Prediction panel: interior filled red-ish (not the outline colour), boundary still the truth outline.
    const inside = px(1, 2, 2);
    assert.ok(inside[0] > inside[1] + 40 && inside[0] > inside[2] + 40, `filled prediction is red: ${inside}`);
    assert.notDeepStrictEqual(inside, TRUTH_OUTLINE_RGB);
    assert.deepStrictEqual(px(1, 4, 4), TRUTH_OUTLINE_RGB);
  });
});
