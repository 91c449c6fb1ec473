"""Operators' commands at region scale: wall time and peak memory, each in its own process."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = int(os.environ.get("BENCH_COMMAND_TIMEOUT", "600"))  # seconds, per command


def _run(arguments: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory (MB) and the command's last line of output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        try:
            completed = subprocess.run(
                [
                    "/usr/bin/time",
                    "-o",
                    timing.name,
                    "-f",
                    "%e %M",
                    sys.executable,
                    "manage.py",
                    *arguments,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                env={**os.environ, "DEBUG": "false"},
                check=False,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return float(TIMEOUT), 0.0, f"stopped after {TIMEOUT} s"
        seconds, kilobytes = timing.read().split()[-2:]
    output = (completed.stdout.strip().splitlines() or [""])[-1]
    if completed.returncode:
        output = "failed: " + (completed.stderr.strip().splitlines() or [""])[-1]
    return float(seconds), int(kilobytes) / 1024, output[:120]


def run_all() -> list[tuple[str, float, float, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        planned = [
            ["directory_export", "--format", "csv", f"{scratch}/services.csv"],
            ["directory_export", "--format", "hsds", f"{scratch}/services.json"],
            ["directory_export", "--format", "datainclusion", f"{scratch}/datainclusion.json"],
            # The first run asks everyone due; the second is the daily run with nothing new.
            ["register_request_feedback"],
            ["register_request_feedback"],
            # The region has 30 territories: the organisations not yet known go to the demo's.
            [
                "directory_import",
                "--format",
                "csv",
                "--dry-run",
                "--territory",
                "touraine",
                f"{scratch}/services.csv",
            ],  # fmt: skip
        ]
        for arguments in planned:
            seconds, megabytes, output = _run(arguments)
            label = " ".join(a if not a.startswith(scratch) else Path(a).name for a in arguments)
            rows.append((label, seconds, megabytes, output))
            print(f"{label:<60}{seconds:>8.1f} s{megabytes:>8.0f} MB  {output}", flush=True)
    return rows
