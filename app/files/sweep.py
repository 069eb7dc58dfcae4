"""Remove CV files that no row references: replaced CVs and leftovers of a process killed before its commit."""
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.files import cvs
from app.models.candidate import CvFile

# Far longer than any transaction that writes a CV then commits its row, or any backup that copies a replaced one
# (retire_cv dates it from its replacement): younger files may still be needed.
GRACE_MINUTES = 60


@dataclass(frozen=True)
class SweepResult:
    """What a sweep removed, and how many stored files it kept."""

    removed: list[str]
    kept: int


def sweep(older_than_minutes: float = GRACE_MINUTES, now: float | None = None) -> SweepResult:
    """Delete unreferenced CVs and temporary files older than the grace period; keep everything else."""
    cutoff = (now or time.time()) - older_than_minutes * 60
    directory = cvs.cv_dir()
    old: list[Path] = []
    kept = 0
    for path in directory.iterdir():
        # Listed before the rows are read: a file younger than the cutoff is never a candidate.
        stored = cvs.STORED_NAME.match(path.name) is not None
        if not path.is_file() or not (stored or path.name.startswith(".tmp-")):
            continue
        if path.stat().st_mtime < cutoff:
            old.append(path)
        elif stored:
            kept += 1
    referenced = set(db.session.scalars(select(CvFile.stored_name)))
    db.session.rollback()
    removed = []
    for path in old:
        if path.name in referenced:
            kept += 1
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return SweepResult(removed=sorted(removed), kept=kept)
