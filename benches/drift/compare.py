#!/usr/bin/env python3
"""Times `mlops-lab drift` against a pandas + scipy script and Evidently's DataDriftPreset on the
same 200,000-row x 12-column CSV pair, in one run, and prints each time, peak memory and the
ratios; then times mlops-lab alone at 1,000,000 rows to show how it grows.

Needs a Python with numpy, pandas, scipy and evidently (see requirements.txt):
    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -r benches/drift/requirements.txt
    cargo build --release
    /tmp/bench-venv/bin/python benches/drift/compare.py [--runs 5]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd):
    """Runs cmd once; returns (wall seconds, CPU seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err.decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out


def measure(name, cmd, runs):
    """Times `runs` runs after one untimed run (which loads the program and the files into
    the page cache, for every tool alike)."""
    times, cpus, peaks, out = [], [], [], b""
    run(cmd)
    for _ in range(runs):
        t, c, m, out = run(cmd)
        times.append(t)
        cpus.append(c)
        peaks.append(m)
    med = statistics.median(times)
    cpu = statistics.median(cpus)
    print(f"  {name:<28} median {med * 1000:9.1f} ms wall, {cpu * 1000:9.1f} ms CPU  "
          f"(wall min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {runs} runs)  "
          f"peak {max(peaks):7.1f} MiB", flush=True)
    return med, cpu, max(peaks), out


def dataset(rows):
    d = os.path.join(ROOT, "bench-data", str(rows))
    if not os.path.exists(os.path.join(d, "current.csv")):
        subprocess.run([sys.executable, os.path.join(HERE, "make_data.py"), str(rows), d], check=True)
    ref, cur = os.path.join(d, "reference.csv"), os.path.join(d, "current.csv")
    size = (os.path.getsize(ref) + os.path.getsize(cur)) / 2**20
    return ref, cur, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--big", type=int, default=1_000_000)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "mlops-lab"))
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"python {platform.python_version()}")

    ref, cur, size = dataset(args.rows)
    print(f"\n{args.rows:,} rows x 12 columns (input {size:.1f} MiB for both files):")
    # mlops-lab takes a fraction of a second: more runs steady its median against the
    # machine's noise, which weighs on a short run more than on a long one.
    ours, our_cpu, our_mem, our_out = measure("mlops-lab drift", [args.bin, "drift", ref, cur, "--format", "json"], args.runs * 4)
    pys, py_cpu, py_mem, py_out = measure("pandas + scipy", [sys.executable, os.path.join(HERE, "pandas_scipy.py"), ref, cur], args.runs)
    evi, evi_cpu, evi_mem, evi_out = measure("Evidently DataDriftPreset", [sys.executable, os.path.join(HERE, "evidently_preset.py"), ref, cur], max(1, args.runs // 2))
    print(f"  speed-up vs pandas + scipy: {pys / ours:6.1f}x wall, {py_cpu / our_cpu:6.1f}x CPU   (target >= 25x)")
    print(f"  speed-up vs Evidently:      {evi / ours:6.1f}x wall, {evi_cpu / our_cpu:6.1f}x CPU   (target >= 100x)")
    print(f"  mlops-lab peak memory / input size: {our_mem / size:.2f}   (target < 2)")

    # The three must agree on every column's verdict.
    mine = {c["name"]: (c["method"], c["score"], c["drifted"]) for c in json.loads(our_out)["columns"]}
    theirs = json.loads(py_out)
    evid = json.loads(evi_out)["drift_by_columns"]
    for col, (method, score, drifted) in mine.items():
        p_method, p_score, p_drift = theirs[col]
        e = evid[col]
        agree = drifted == p_drift == e["drift_detected"] and abs(score - e["drift_score"]) < 1e-9 * max(1, abs(score))
        print(f"  {col:<6} {method:<14} {score:.6f} drifted={drifted!s:<5} "
              f"scipy {p_score:.6f} evidently {e['drift_score']:.6f} {'agree' if agree else 'DISAGREE'}")

    bref, bcur, bsize = dataset(args.big)
    print(f"\n{args.big:,} rows x 12 columns (input {bsize:.1f} MiB):")
    big, big_cpu, big_mem, _ = measure("mlops-lab drift", [args.bin, "drift", bref, bcur, "--format", "json"], args.runs * 4)
    n0, n1 = args.rows, args.big
    nlogn = (n1 * (n1).bit_length()) / (n0 * (n0).bit_length())
    print(f"  time ratio {big / ours:.2f} wall, {big_cpu / our_cpu:.2f} CPU for {n1 / n0:.0f}x rows "
          f"(n log n would be {nlogn:.2f}; target <= 7)")
    print(f"  peak memory / input size: {big_mem / bsize:.2f}   (target < 2)")

    # The HTML report's size does not depend on the number of rows (binned charts).
    html = os.path.join(ROOT, "bench-data", "report.html")
    measure("mlops-lab drift --format html", [args.bin, "drift", ref, cur, "--format", "html", "-o", html], 1)
    print(f"  HTML report for {args.rows:,} rows x 12 columns: {os.path.getsize(html) / 1024:.1f} KiB (target < 2 MB)")


if __name__ == "__main__":
    main()
