"""Operators' commands at region scale: wall time and peak memory, each in its own process."""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = int(os.environ.get("BENCH_COMMAND_TIMEOUT", "600"))  # seconds, per command
# The real import loads this many rows of the CSV export as new entries of their own source.
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "2000"))
IMPORT_SOURCE = "bench-import"
# Removes what the real imports created (their organisations, and their services with them,
# with the services' revisions and moderation); the tasks it would queue (immediate alerts
# about removed entries) are not run.
CLEAN_UP = (
    "from wagtail.models import Revision, WorkflowState; "
    "from directory.models import Organisation, Service; "
    f"keys = [str(pk) for pk in Service.objects.filter(source={IMPORT_SOURCE!r})"
    ".values_list('pk', flat=True)]; "
    "kind = Service.get_base_content_type(); "
    "WorkflowState.objects.filter(base_content_type=kind, object_id__in=keys).delete(); "
    "Service.objects.filter(source=" + repr(IMPORT_SOURCE) + ").update("
    "latest_revision=None, live_revision=None); "
    "Revision.objects.filter(base_content_type=kind, object_id__in=keys).delete(); "
    f"Organisation.objects.filter(source={IMPORT_SOURCE!r}).delete()"
)
NO_TASKS = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
# The immediate alerts after one entry is published (the task the publication queues).
ONE_PUBLICATION = (
    "from alerts.services import alerts_send; from directory.models import Service; "
    "service = Service.objects.filter(live=True).order_by('-pk').first(); "
    "print(alerts_send(frequency='immediate', among=[service.pk]), 'alert e-mail(s) queued "
    "after one publication.')"
)
LABELS = {ONE_PUBLICATION: "immediate alerts after one publication (task)"}


def _new_entries(export: Path, target: Path, rows: int) -> None:
    """The first `rows` services of a CSV export, under identifiers the directory does not
    know (each service and organisation is new), read and written as they come."""
    with (
        open(export, newline="", encoding="utf-8-sig") as source,
        open(target, "w", newline="", encoding="utf-8") as out,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for n, row in enumerate(reader):
            if n >= rows:
                break
            row["id"] = f"{IMPORT_SOURCE}-{row['id']}"
            row["organisation_id"] = f"{IMPORT_SOURCE}-{row['organisation_id']}"
            writer.writerow(row)


def _run(arguments: list[str], env=None) -> tuple[float, float, str]:
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
                env={**os.environ, "DEBUG": "false", **(env or {})},
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
            # The HSDS package (a folder of CSV tables), then read back as a dry run: its tables
            # are checked and staged on disk, each service joined on its own.
            ["directory_export", "--format", "hsds", f"{scratch}/package"],
            [
                "directory_import",
                "--format",
                "hsds",
                "--dry-run",
                "--territory",
                "touraine",
                f"{scratch}/package",
            ],  # fmt: skip
            ["directory_export", "--format", "datainclusion", f"{scratch}/datainclusion.json"],
            # The first run asks everyone due; the second is the daily run with nothing new.
            ["register_request_feedback"],
            ["register_request_feedback"],
            # The other commands of the cron table (README): what is left to detach, the
            # weekly reminders of out-of-date entries, the weekly digest of the saved searches
            # and the catch-up of the immediate alerts (every search run whole), then the
            # immediate alerts of one publication, as the task worker runs them.
            ["register_detach_filers"],
            ["directory_remind_outdated"],
            ["alerts_send", "--frequency", "weekly"],
            ["alerts_send", "--frequency", "immediate"],
            ["shell", "-c", ONE_PUBLICATION],
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
            # A real import: IMPORT_ROWS services of the export, new to the directory, created
            # and published (removed afterwards, outside the measure).
            [
                "directory_import",
                "--format",
                "csv",
                "--source",
                IMPORT_SOURCE,
                "--territory",
                "touraine",
                f"{scratch}/new-{IMPORT_ROWS}.csv",
            ],  # fmt: skip
            # The same rows imported as drafts awaiting the pilot's approval (removed afterwards).
            [
                "directory_import",
                "--format",
                "csv",
                "--drafts",
                "--source",
                IMPORT_SOURCE,
                "--territory",
                "touraine",
                f"{scratch}/new-{IMPORT_ROWS}.csv",
            ],  # fmt: skip
        ]
        for arguments in planned:
            if arguments[-1].endswith(f"new-{IMPORT_ROWS}.csv"):
                if not Path(arguments[-1]).exists():
                    _new_entries(Path(scratch) / "services.csv", Path(arguments[-1]), IMPORT_ROWS)
                # Left by an interrupted run, or by the import before.
                _run(["shell", "-c", CLEAN_UP], env=NO_TASKS)
            # An import's immediate alerts run on the task worker, measured apart above.
            env = NO_TASKS if arguments[0] == "directory_import" else None
            seconds, megabytes, output = _run(arguments, env=env)
            label = LABELS.get(arguments[-1]) or " ".join(
                a if not a.startswith(scratch) else Path(a).name for a in arguments
            )
            rows.append((label, seconds, megabytes, output))
            print(f"{label:<60}{seconds:>8.1f} s{megabytes:>8.0f} MB  {output}", flush=True)
        _run(["shell", "-c", CLEAN_UP], env=NO_TASKS)
    return rows
