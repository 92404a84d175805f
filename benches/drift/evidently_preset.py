#!/usr/bin/env python3
"""The Evidently reference: DataDriftPreset on the same two files (legacy Report API, which
exposes per-column results). Usage: evidently_preset.py REFERENCE.csv CURRENT.csv"""
import json
import sys

import pandas as pd
from evidently.legacy.metric_preset import DataDriftPreset
from evidently.legacy.pipeline.column_mapping import ColumnMapping
from evidently.legacy.report import Report


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    num = [c for c in ref.columns if pd.api.types.is_numeric_dtype(ref[c])]
    cat = [c for c in ref.columns if c not in num]
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref, current_data=cur,
               column_mapping=ColumnMapping(numerical_features=num, categorical_features=cat))
    for metric in report.as_dict()["metrics"]:
        if metric["metric"] == "DataDriftTable":
            json.dump(metric["result"], sys.stdout, default=str)


if __name__ == "__main__":
    main()
