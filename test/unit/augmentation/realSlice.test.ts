import * as assert from 'assert';
import * as fs from 'fs';
import * as jpeg from 'jpeg-js';
import { augment } from '../../../src/core/augmentation/augment';
import { augmentationPreset } from '../../../src/core/augmentation/AugmentationConfig';
import { gaussianFilter2d } from '../../../src/core/augmentation/gaussianFilter';
import { resizeImage } from '../../../src/core/preprocessing/resize';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { Rng } from '../../../src/core/util/random';
import { sharedData } from '../../helpers/paths';

/**
 * A real figshare T1-CE slice (JPEG, decoded here only), downsampled to 192² and lightly
 * smoothed; its mask is the threshold "brighter than 60", i.e. brain tissue vs background.
 */
function realSlice(): Sample2D | undefined {
  const file = sharedData('figshare-brain-tumor', 'images', '1026.jpg');
  if (!fs.existsSync(file)) return undefined;
  const j = jpeg.decode(fs.readFileSync(file), { useTArray: true });
  const gray = new Float32Array(j.width * j.height);
  for (let i = 0; i < gray.length; i++) gray[i] = j.data[i * 4];
  const size = 192;
  const img = gaussianFilter2d(resizeImage(gray, j.width, j.height, 1, size, size), size, size, 1.5);
  return { id: 'fig1026', image: img, width: size, height: size, channels: 1, mask: Uint8Array.from(img, (v) => (v > 60 ? 1 : 0)) };
}

describe('augment on a real figshare slice', () => {
  it('nnunet-brats-da3 spatial transforms keep the mask equal to the threshold of the image (≥ 97%)', function () {
    const s = realSlice();
    if (!s) { console.log('    (skipping: figshare images not found)'); this.skip(); return; }
    const none = augmentationPreset('none');
    const cfg = {
      ...augmentationPreset('nnunet-brats-da3'),
      // Intensity transforms change what "> 60" means; alignment is about geometry.
      gaussianNoise: none.gaussianNoise, gaussianBlur: none.gaussianBlur, brightnessMultiplicative: none.brightnessMultiplicative,
      brightnessAdditive: none.brightnessAdditive, contrast: none.contrast, gamma: none.gamma, invertedGamma: none.invertedGamma,
      lowResolution: none.lowResolution,
    };
    let transformed = 0;
    for (let seed = 0; seed < 12; seed++) {
      const out = augment(s, cfg, new Rng(seed));
      let same = 0, fg = 0, tp = 0, sum = 0;
      for (let i = 0; i < s.width * s.height; i++) {
        const t = out.image[i] > 60 ? 1 : 0;
        if (t === out.mask![i]) same++;
        if (t && out.mask![i]) tp++;
        sum += t + out.mask![i];
        fg += out.mask![i] !== s.mask![i] ? 1 : 0;
      }
      if (fg > 0) transformed++;
      assert.ok(same / (s.width * s.height) >= 0.97, `seed ${seed}: agreement ${same / (s.width * s.height)}`);
      assert.ok(sum === 0 || (2 * tp) / sum >= 0.95, `seed ${seed}: dice ${(2 * tp) / sum}`);
    }
    assert.ok(transformed >= 8, `only ${transformed}/12 draws changed the geometry`);
  });
});
