import type { ViewerClassification } from '../protocol/viewerProtocol';

/**
 * The viewer's line for a predicted class: the class name with the dataset's own label,
 * then every class's probability by name (highest first), e.g.
 * `Predicted: pituitary (label 3) · pituitary 49.4 % · meningioma 27.9 % · glioma 22.7 %`.
 */
export function classificationText(c: ViewerClassification): string {
  const name = c.className ?? (c.classIndex !== undefined ? `class ${c.classIndex}` : 'unknown');
  const label = c.label !== undefined ? ` (label ${c.label})` : '';
  const probs = [...c.probabilities].sort((a, b) => b.p - a.p).map((x) => `${x.name} ${(100 * x.p).toFixed(1)} %`);
  return [`Predicted: ${name}${label}`, ...probs].join(' · ');
}
