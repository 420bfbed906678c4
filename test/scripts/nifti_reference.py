#!/usr/bin/env python3
"""Reference values for the TypeScript NIfTI reader, computed with nibabel.

Usage: nifti_reference.py FILE [FILE...]   (for a .hdr/.img pair pass the .hdr)
Prints one JSON object {file: {...}}: shape, dtype, the affine by the NIfTI rules
(sform if sform_code>0, else qform if qform_code>0, else diag(pixdim) — method 1;
nibabel's own fallback centres and flips x, which the reader deliberately does not do),
sum / sum of squares / sampled values of the scaled data (rgb folded to luminance,
complex to magnitude), and the same for nibabel's as_closest_canonical.
Kept small on purpose: checksums and samples, never whole arrays.
"""
import json
import sys

import nibabel as nib
import numpy as np


def fold(a):
    if a.dtype.names and set(a.dtype.names) >= {"R", "G", "B"}:
        return np.round(0.299 * a["R"] + 0.587 * a["G"] + 0.114 * a["B"])
    if np.iscomplexobj(a):
        return np.abs(a)
    return a


def summary(data, affine, n_samples=64):
    flat = np.asarray(data).ravel(order="F").astype(np.float64)
    rng = np.random.default_rng(1234)
    idx = rng.integers(0, flat.size, n_samples) if flat.size else np.array([], dtype=int)
    return {
        "shape": list(map(int, data.shape)),
        "affine": np.asarray(affine, dtype=float).ravel().tolist(),
        "sum": float(flat.sum()),
        "sumsq": float((flat * flat).sum()),
        "sample_index": idx.tolist(),
        "sample_value": flat[idx].tolist(),
    }


def standard_affine(img):
    h = img.header
    if int(h["sform_code"]) > 0:
        return h.get_sform()
    if int(h["qform_code"]) > 0:
        return h.get_qform()
    z = [abs(float(p)) or 1.0 for p in h["pixdim"][1:4]]
    return np.diag(z + [1.0])


def main(files):
    out = {}
    for f in files:
        img = nib.load(f)
        h = img.header
        raw = np.asanyarray(img.dataobj)
        if raw.dtype.names or np.iscomplexobj(raw):
            data = fold(raw)
        else:
            data = img.get_fdata(dtype=np.float64)
        rec = summary(data, standard_affine(img))
        rec["dtype"] = str(h.get_data_dtype())
        rec["axcodes"] = list(nib.aff2axcodes(standard_affine(img)))
        rec["qform"] = h.get_qform().ravel().tolist()
        rec["codes"] = [int(h["qform_code"]), int(h["sform_code"])]
        rec["slope_inter"] = [float(x) if x is not None else None for x in h.get_slope_inter()]
        # Canonical: reorient the scaled data with the same affine rule.
        aff = standard_affine(img)
        ornt = nib.orientations.io_orientation(aff)
        canon = nib.orientations.apply_orientation(data, ornt) if data.ndim >= 3 else data
        canon_aff = aff @ nib.orientations.inv_ornt_aff(ornt, data.shape)
        rec["canonical"] = summary(canon, canon_aff)
        out[f] = rec
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
