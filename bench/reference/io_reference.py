#!/usr/bin/env python3
"""Reference timings for bench/io.bench.ts: the same reads with nibabel and h5py.

Usage: io_reference.py REPEATS BRATS_FILE... -- MAT_FILE...
Prints JSON: {"brats_ms": [...per repeat...], "mat_ms": [...], "brats_checksum": float, "mat_checksum": float}
BraTS: nib.load + get_fdata() (float64, what a Python pipeline does) for the 5 files.
figshare: h5py open, read image (transposed to MATLAB's orientation), mask, label, border, PID.
"""
import json
import sys
import time

import h5py
import nibabel as nib
import numpy as np


def read_brats(files):
    s = 0.0
    for f in files:
        s += float(nib.load(f).get_fdata().sum())
    return s


def read_mat(files):
    s = 0.0
    for f in files:
        with h5py.File(f, "r") as h:
            g = h["cjdata"]
            image = np.ascontiguousarray(g["image"][()].T)
            mask = np.ascontiguousarray(g["tumorMask"][()].T)
            label = float(g["label"][()].ravel()[0])
            border = g["tumorBorder"][()].ravel()
            pid = "".join(map(chr, g["PID"][()].ravel()))
            s += float(image.sum()) + float(mask.sum()) + label + len(border) + len(pid)
    return s


def main():
    repeats = int(sys.argv[1])
    rest = sys.argv[2:]
    cut = rest.index("--")
    brats, mats = rest[:cut], rest[cut + 1:]
    out = {"brats_ms": [], "mat_ms": []}
    for _ in range(repeats):
        t = time.perf_counter()
        out["brats_checksum"] = read_brats(brats)
        out["brats_ms"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        out["mat_checksum"] = read_mat(mats)
        out["mat_ms"].append((time.perf_counter() - t) * 1000)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
