#!/usr/bin/env python3
"""The pandas + scipy reference: the same per-column tests `mlops-lab drift` runs in auto mode on
this data (normed Wasserstein for numerical columns, Jensen-Shannon for categorical ones, over
more than 1,000 reference rows). Usage: pandas_scipy.py REFERENCE.csv CURRENT.csv"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    out = {}
    for col in ref.columns:
        r = ref[col].replace([np.inf, -np.inf], np.nan).dropna()
        c = cur[col].replace([np.inf, -np.inf], np.nan).dropna()
        if pd.api.types.is_numeric_dtype(r) and pd.concat([r, c]).nunique() > 5:
            score = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
            out[col] = ("wasserstein", float(score), bool(score >= 0.1))
        else:
            keys = sorted(set(r.unique()) | set(c.unique()))
            rc, cc = r.value_counts(), c.value_counts()
            p = np.array([rc.get(k, 0) for k in keys]) / len(r)
            q = np.array([cc.get(k, 0) for k in keys]) / len(c)
            score = distance.jensenshannon(p, q)
            out[col] = ("jensenshannon", float(score), bool(score >= 0.1))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
