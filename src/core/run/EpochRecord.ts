/**
 * One line of `metrics.jsonl`: everything measured in one epoch. The dashboard plots
 * these; the CLI prints them. Field names are stable (append-only changes).
 */

/** Segmentation scores of one class or region on the validation set. */
export interface SegScore {
  /** Class name (`tumour`) or BraTS region (`WT`, `TC`, `ET`). */
  name: string;
  /** Mean Dice over validation cases (cases with empty gt and empty pred count as 1). */
  dice: number;
  /** Mean IoU over validation cases. */
  iou: number;
  /** Mean 95th-percentile Hausdorff distance in mm over cases where both gt and pred are non-empty; null when none. */
  hd95: number | null;
}

/** Metrics of one epoch. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Optimiser steps completed so far (over all epochs). */
  step: number;
  /** Learning rate used for the last step of the epoch. */
  lr: number;
  /** Wall time of this epoch in seconds (training + validation). */
  seconds: number;
  /** ISO time the record was written. */
  time: string;
  /** Mean of each training loss term over the epoch (`total`, `seg`, `cls`, `dice`, `ce`, … as computeLosses returns them). */
  train: Record<string, number>;
  /** Mean of each loss term on the validation set. */
  valLoss: Record<string, number>;
  /** Per foreground class/region segmentation scores. */
  seg: SegScore[];
  /** Mean validation Dice over `seg` (the model-selection metric). */
  valDice: number;
  /** Exponential moving average of `valDice` (alpha from config.training.emaAlpha). */
  valDiceEma: number;
  /** Classification accuracy on validation cases (null when the model has no classification head). */
  accuracy: number | null;
  /** Accuracy per class, in class order. */
  perClassAccuracy: (number | null)[] | null;
  /** Macro one-vs-rest ROC AUC (null when a class is absent from validation). */
  aucMacro: number | null;
  /** Confusion matrix `[true][predicted]`. */
  confusion: number[][] | null;
  /** Whether this epoch became the new best checkpoint. */
  best: boolean;
  /** Live tfjs tensor count after the epoch (leak check; should stay constant). */
  numTensors: number;
}
