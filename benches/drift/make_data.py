#!/usr/bin/env python3
"""Writes a reference/current CSV pair for the drift benchmark.

10 numerical and 2 categorical columns; drift in f0 (mean shift), f1 (scale change) and cat0 (mix
change); the rest drawn from the same distributions. Usage: make_data.py ROWS OUT_DIR [SEED]
"""
import os
import sys

import numpy as np


def frame(rng, rows, drifted):
    cols = {}
    for i in range(10):
        x = rng.normal(loc=10.0 * i, scale=1.0 + i, size=rows)
        if drifted and i == 0:
            x = x + 0.8
        if drifted and i == 1:
            x = x * 1.5
        cols[f"f{i}"] = x
    cat_p = [0.5, 0.3, 0.15, 0.05] if not drifted else [0.35, 0.35, 0.2, 0.1]
    cols["cat0"] = rng.choice(["red", "green", "blue", "black"], size=rows, p=cat_p)
    cols["cat1"] = rng.choice([f"city_{k}" for k in range(25)], size=rows)
    return cols


def write(path, cols, rows):
    names = list(cols)
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        num = [np.char.mod("%.6f", cols[n]) if cols[n].dtype.kind == "f" else cols[n] for n in names]
        block = np.stack(num, axis=1)
        for start in range(0, rows, 50000):
            f.write("\n".join(",".join(r) for r in block[start:start + 50000]) + "\n")


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    write(os.path.join(out, "reference.csv"), frame(rng, rows, False), rows)
    write(os.path.join(out, "current.csv"), frame(rng, rows, True), rows)


if __name__ == "__main__":
    main()
