"""Where a batch of quarterly reports is written: one folder per job in the data directory,
with a PDF per county and a zip of them all."""

from pathlib import Path

from django.conf import settings


def folder(job_id) -> Path:
    return settings.DATA_DIR / "reports" / str(job_id)


def files(job_id) -> list[Path]:
    path = folder(job_id)
    return (
        sorted(path.iterdir(), key=lambda p: (p.suffix != ".zip", p.name)) if path.exists() else []
    )


def file_path(job_id, filename) -> Path | None:
    """The batch's file called `filename`; None for any other name (no path tricks)."""
    return next((p for p in files(job_id) if p.name == filename), None)
