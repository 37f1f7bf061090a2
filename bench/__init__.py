"""Benchmarks (`make bench`): the query layer, publishing, the pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def in_subprocess(module: str, *args: str, what: str) -> dict:
    """`python -m MODULE ARGS` in a fresh process (its peak memory its
    own): the JSON object its last line of output prints."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{what} measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
