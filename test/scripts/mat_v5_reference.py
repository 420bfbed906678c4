#!/usr/bin/env python3
"""Writes MATLAB v5 .mat files with scipy for the TypeScript v5 reader test.

Usage: mat_v5_reference.py DIR
Writes DIR/plain.mat (uncompressed) and DIR/compressed.mat (miCOMPRESSED) holding the same
variables, and prints JSON {name: {shape, class, values (column-major)}} for the numeric ones.
char, cell and struct variables are written too: the reader must skip them.
"""
import json
import os
import sys

import numpy as np
import scipy.io as sio


def main():
    d = sys.argv[1]
    rng = np.random.default_rng(3)
    numeric = {
        "dbl": rng.standard_normal((3, 4)),
        "i16": np.arange(-5, 7, dtype=np.int16).reshape(4, 3),
        "u8": np.array([[1, 2, 250]], dtype=np.uint8),
        "sgl": np.array([[1.5], [-2.25]], dtype=np.float32),
        "lgc": np.array([[True, False, True]]),
        "i64": np.array([[-(2**40), 7]], dtype=np.int64),
        "scalar": np.float64(4.0),
        "vol": np.arange(24, dtype=np.float64).reshape(2, 3, 4),
    }
    others = {"txt": "hello", "cel": np.array([1, "a"], dtype=object), "st": {"a": 1.0}}
    for name, comp in (("plain.mat", False), ("compressed.mat", True)):
        sio.savemat(os.path.join(d, name), {**numeric, **others}, do_compression=comp)
    out = {}
    for k, v in numeric.items():
        a = np.atleast_2d(np.asarray(v))
        out[k] = {"shape": list(a.shape), "values": a.ravel(order="F").astype(float).tolist()}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
