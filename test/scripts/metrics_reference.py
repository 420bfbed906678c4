#!/usr/bin/env python3
"""Independent reference for MedSeg Lab's core metrics and postprocessing (numpy + scipy).

Usage: metrics_reference.py DIR
DIR/cases.json lists cases written by test/unit/metrics/*.test.ts:
  {"masks": [{"name", "pred", "gt", "shape", "spacing"}],          # raw uint8 files, C-order shape
   "components": [{"name", "mask", "shape", "connectivity"}],       # 4/8 (2-D), 6/26 (3-D)
   "auc": [{"name", "scores", "labels", "n", "classes"}],           # raw float64 N×C, int32 N
   "gaussian": [{"name", "image", "shape", "sigma"}]}               # raw float32, sigma per numpy axis
Writes DIR/results.json and, per component case, DIR/<name>.labels.raw (int32),
DIR/<name>.filled.raw (uint8) and DIR/<name>.largest.raw (uint8); per gaussian case
DIR/<name>.smooth.raw (float32, scipy.ndimage.gaussian_filter, mode='reflect', truncate=4).

Definitions (the ones the TypeScript code documents):
- surface = mask XOR binary_erosion(mask, face-connected structure) (medpy; edge voxels count);
- distances from scipy.ndimage.distance_transform_edt(~other_surface, sampling=spacing);
- hd95 = numpy.percentile(pooled both directions, 95); hd95_max = max of directed p95s;
- AUC via the Mann-Whitney rank formula with average ranks (scipy.stats.rankdata), which is
  what sklearn's roc_auc_score computes; macro over classes having positives and negatives.
"""
import json
import os
import sys

import numpy as np
from scipy import ndimage
from scipy.stats import rankdata


def surface(mask):
    struct = ndimage.generate_binary_structure(mask.ndim, 1)
    return mask ^ ndimage.binary_erosion(mask, structure=struct, iterations=1)


def surface_metrics(pred, gt, spacing):
    sp, sg = surface(pred), surface(gt)
    if not sp.any() and not sg.any():
        return {"hd95": 0.0, "hd95_max": 0.0, "hausdorff": 0.0, "assd": 0.0}
    if not sp.any() or not sg.any():
        return {"hd95": "inf", "hd95_max": "inf", "hausdorff": "inf", "assd": "inf"}
    dt_g = ndimage.distance_transform_edt(~sg, sampling=spacing)
    dt_p = ndimage.distance_transform_edt(~sp, sampling=spacing)
    d1 = dt_g[sp]
    d2 = dt_p[sg]
    both = np.hstack((d1, d2))
    return {
        "hd95": float(np.percentile(both, 95)),
        "hd95_max": float(max(np.percentile(d1, 95), np.percentile(d2, 95))),
        "hausdorff": float(both.max()),
        "assd": float((d1.mean() + d2.mean()) / 2),
    }


def overlap(pred, gt):
    tp = np.logical_and(pred, gt).sum()
    fp = np.logical_and(pred, ~gt).sum()
    fn = np.logical_and(~pred, gt).sum()
    dice = 1.0 if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)
    iou = 1.0 if tp + fp + fn == 0 else tp / (tp + fp + fn)
    return {"dice": float(dice), "iou": float(iou)}


def auc_binary(scores, pos):
    n_pos = int(pos.sum())
    n_neg = len(pos) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = rankdata(scores)  # average ranks for ties
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def main(d):
    with open(os.path.join(d, "cases.json")) as f:
        cases = json.load(f)
    out = {"masks": {}, "components": {}, "auc": {}}
    for c in cases.get("masks", []):
        shape = tuple(c["shape"])
        pred = np.fromfile(os.path.join(d, c["pred"]), dtype=np.uint8).reshape(shape) > 0
        gt = np.fromfile(os.path.join(d, c["gt"]), dtype=np.uint8).reshape(shape) > 0
        r = overlap(pred, gt)
        r.update(surface_metrics(pred, gt, c["spacing"]))
        out["masks"][c["name"]] = r
    for c in cases.get("components", []):
        shape = tuple(c["shape"])
        m = np.fromfile(os.path.join(d, c["mask"]), dtype=np.uint8).reshape(shape) > 0
        conn = c["connectivity"]
        rank = 1 if conn in (4, 6) else m.ndim
        struct = ndimage.generate_binary_structure(m.ndim, rank)
        labels, count = ndimage.label(m, structure=struct)
        labels.astype(np.int32).tofile(os.path.join(d, c["name"] + ".labels.raw"))
        sizes = np.bincount(labels.ravel())[1:].tolist() if count else []
        # scipy's default structure for fill holes is face connectivity (background 4/6-connected).
        filled = ndimage.binary_fill_holes(m)
        filled.astype(np.uint8).tofile(os.path.join(d, c["name"] + ".filled.raw"))
        largest = np.zeros_like(m)
        if count:
            largest = labels == (int(np.argmax(sizes)) + 1)
        largest.astype(np.uint8).tofile(os.path.join(d, c["name"] + ".largest.raw"))
        out["components"][c["name"]] = {"count": int(count), "sizes": sizes}
    for c in cases.get("auc", []):
        scores = np.fromfile(os.path.join(d, c["scores"]), dtype=np.float64).reshape(c["n"], c["classes"])
        labels = np.fromfile(os.path.join(d, c["labels"]), dtype=np.int32)
        per = [auc_binary(scores[:, k], labels == k) for k in range(c["classes"])]
        valid = [v for v in per if v is not None]
        out["auc"][c["name"]] = {"perClass": per, "macro": float(np.mean(valid)) if valid else None}
    for c in cases.get("gaussian", []):
        img = np.fromfile(os.path.join(d, c["image"]), dtype=np.float32).reshape(tuple(c["shape"])).astype(np.float64)
        sm = ndimage.gaussian_filter(img, sigma=c["sigma"], mode="reflect", truncate=4.0)
        sm.astype(np.float32).tofile(os.path.join(d, c["name"] + ".smooth.raw"))
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main(sys.argv[1])
