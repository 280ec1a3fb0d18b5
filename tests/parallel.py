"""Real processes started together: each runs a script that waits at a gate file, then all
are let go at once, so their critical sections truly overlap."""

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Prepended to every script: `wait_at_gate()` blocks until the test opens the gate; the
# script's arguments are in ARGS (a JSON value) and its number in NUMBER.
PRELUDE = f"""
import json, os, sys, time
sys.path.insert(0, {str(ROOT)!r})
GATE, NUMBER, ARGS = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
def wait_at_gate():
    print("ready", flush=True)
    while not os.path.exists(GATE):
        time.sleep(0.001)
"""


def run_together(script: str, count: int, args, gate: Path, timeout: float = 120) -> list:
    """Run `count` copies of `script`; returns the last stdout line of each, parsed as JSON."""
    processes = [subprocess.Popen([sys.executable, "-c", PRELUDE + script, str(gate), str(n), json.dumps(args)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(count)]
    try:
        for process in processes:          # every process is set up and waiting
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        gate.touch()
        deadline = time.monotonic() + timeout
        results = []
        for process in processes:
            out, err = process.communicate(timeout=max(1, deadline - time.monotonic()))
            assert process.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
