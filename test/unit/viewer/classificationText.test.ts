import * as assert from 'assert';
import { classificationText } from '../../../src/core/viewer/classificationText';

describe('viewer classification line', () => {
  it('names the predicted class with its dataset label and every probability by class name', () => {
    const text = classificationText({
      className: 'pituitary', label: 3, classIndex: 2,
      probabilities: [{ name: 'meningioma', p: 0.279 }, { name: 'glioma', p: 0.227 }, { name: 'pituitary', p: 0.494 }],
    });
    assert.strictEqual(text, 'Predicted: pituitary (label 3) · pituitary 49.4 % · meningioma 27.9 % · glioma 22.7 %');
    assert.doesNotMatch(text, /\b[012] \d/, 'no bare indices');
  });
});
