#!/usr/bin/env python3
"""Time from start to first frame of the real `mlops-lab` binary in a pseudo-terminal.

Starts the release binary (no arguments: the home screen) in a pty of the given size with a
fresh progress store, and measures the wall time from just before the process starts until the
home screen's text ("Readiness") has been written to the terminal. Then quits with `q` and checks
the exit code. Prints the median, p90 and max over --runs runs. Python standard library only.

    cargo build --release
    python3 benches/tui/first_frame.py --runs 30
"""
import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import tempfile
import termios
import time


def one_run(binary, cols, rows, marker):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, MLOPS_LAB_HOME=home, TERM="xterm-256color")
        env.pop("NO_COLOR", None)
        start = time.perf_counter()
        proc = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env,
                                close_fds=True, start_new_session=True)
        os.close(slave)
        seen = b""
        elapsed = None
        deadline = start + 10
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker in seen:
                elapsed = time.perf_counter() - start
                break
        os.write(master, b"q")
        # Drain until the child closes the terminal, so it never blocks on a full buffer.
        while True:
            ready, _, _ = select.select([master], [], [], 2)
            if not ready:
                break
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        code = proc.wait(timeout=10)
        os.close(master)
    if elapsed is None:
        raise SystemExit(f"no first frame within 10 s (saw {len(seen)} bytes)")
    if code != 0:
        raise SystemExit(f"exit code {code}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default="target/release/mlops-lab")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    args = ap.parse_args()
    one_run(args.binary, args.cols, args.rows, b"Readiness")  # warm the page cache
    times = sorted(one_run(args.binary, args.cols, args.rows, b"Readiness")
                   for _ in range(args.runs))
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    print(f"start to first frame, {args.cols}x{args.rows}, {args.runs} runs: "
          f"median {statistics.median(times) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
