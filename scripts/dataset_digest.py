#!/usr/bin/python3
"""Prints one line per dataset of an HDF5 file: its path, shape, type and the SHA-256 of its values.

Attributes (creation time, command line) are left out: two runs of one scenario and seed differ
there and nowhere else. Used by the results-identity test and by scripts/regenerate_goldens.sh:

    scripts/dataset_digest.py FILE.h5 > digest.txt
"""
import hashlib
import sys

import h5py
import numpy as np


def digests(path):
    lines = []

    def visit(name, item):
        if not isinstance(item, h5py.Dataset):
            return
        values = item[()]
        if item.dtype.kind == "O":
            data = "\x00".join(v.decode() if isinstance(v, bytes) else str(v) for v in np.ravel(values)).encode()
        else:
            data = np.ascontiguousarray(values).tobytes()
        lines.append(f"{name} {item.shape} {item.dtype} {hashlib.sha256(data).hexdigest()}")

    with h5py.File(path) as f:
        f.visititems(visit)
    return sorted(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: dataset_digest.py FILE.h5")
    print("\n".join(digests(sys.argv[1])))
