#!/usr/bin/env python3
"""NumPy side of the .npy/.npz tests.

  npy_reference.py make DIR     write sample .npy/.npz files into DIR; print their expected
                                contents (shape, dtype, fortran, values in memory order) as JSON
  npy_reference.py read FILE..  print shape, dtype, fortran flag and values of .npy files as JSON
"""
import json
import os
import sys

import numpy as np


def describe(a):
    fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
    flat = a.ravel(order="F" if fortran else "C")
    if np.iscomplexobj(flat):
        flat = np.stack([flat.real, flat.imag], axis=-1).ravel()
    return {"shape": list(a.shape), "dtype": a.dtype.name, "fortran": fortran,
            "values": [v.item() if hasattr(v, "item") else v for v in flat.astype(object)]}


def samples():
    rng = np.random.default_rng(7)
    return {
        "f4": rng.standard_normal((3, 4)).astype("<f4"),
        "f8_be": rng.standard_normal((2, 3, 2)).astype(">f8"),
        "i2_be": np.arange(-6, 6, dtype=">i2").reshape(3, 4),
        "u1": np.arange(10, dtype=np.uint8),
        "bool": np.array([[True, False], [False, True]]),
        "i8": np.array([-(2**40), 0, 2**40], dtype=np.int64),
        "u2_fortran": np.asfortranarray(np.arange(12, dtype=np.uint16).reshape(3, 4)),
        "c8": np.array([1 + 2j, -3.5 + 0.25j], dtype=np.complex64),
        "scalar": np.array(3.25, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.int32),
    }


def main():
    if sys.argv[1] == "make":
        d = sys.argv[2]
        out = {}
        for k, a in samples().items():
            np.save(os.path.join(d, k + ".npy"), a)
            out[k] = describe(a)
        s = samples()
        np.savez(os.path.join(d, "plain.npz"), a=s["f4"], b=s["i2_be"])
        np.savez_compressed(os.path.join(d, "compressed.npz"), a=s["f4"], b=s["i2_be"])
        json.dump(out, sys.stdout)
    else:
        json.dump({f: describe(np.load(f)) for f in sys.argv[2:]}, sys.stdout)


if __name__ == "__main__":
    main()
