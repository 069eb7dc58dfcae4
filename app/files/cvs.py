"""CV storage: PDF checked by content, at most CV_MAX_BYTES, written atomically under a random name outside static/."""
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file

from app.core.errors import Refused
from app.core.files import write_atomically

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")
PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
TAIL_BYTES = 2048  # "startxref" and "%%EOF" close every PDF; some writers add a few bytes after them
DOWNLOAD_NAME_MAX = 100


class UploadError(Refused):
    """A refused upload; the message is French and can be shown next to the field."""


@dataclass(frozen=True)
class StoredFile:
    """A file written to disk for a transaction that has not committed yet."""

    name: str
    original_name: str
    size: int


def max_bytes() -> int:
    """The CV size limit in bytes (setting CV_MAX_BYTES)."""
    return int(current_app.config["CV_MAX_BYTES"])


def cv_dir() -> Path:
    """The directory holding the CVs (created on first use)."""
    path = Path(current_app.config["UPLOAD_DIR"]) / "cvs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_pdf(data: bytes) -> None:
    """Raise UploadError unless `data` looks like a complete PDF (header, cross-reference and end marker)."""
    if not data:
        raise UploadError("Le fichier envoyé est vide.")
    limit = max_bytes()
    if len(data) > limit:
        raise UploadError(f"Ce fichier est trop lourd : {limit // (1024 * 1024)} Mo au maximum.")
    tail = data[-TAIL_BYTES:]
    if not PDF_HEADER.match(data) or b"%%EOF" not in tail or b"startxref" not in tail:
        raise UploadError("Ce fichier n’est pas un PDF valide. Enregistrez votre CV au format PDF et réessayez.")


def download_name(filename: str | None) -> str:
    """A safe, readable file name for Content-Disposition: no path, no control character, ends in .pdf."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    name = re.sub(r"[^\w .()\-]", "_", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE).strip(" .")
    stem = stem[:DOWNLOAD_NAME_MAX].strip(" .") or "cv"
    return f"{stem}.pdf"


def save_cv(upload) -> StoredFile:
    """Check an uploaded CV (a FileStorage) and write it under a new random name; return what was stored."""
    limit = max_bytes()
    data = upload.stream.read(limit + 1)
    check_pdf(data)
    name = f"{secrets.token_hex(16)}.pdf"
    try:
        write_atomically(cv_dir() / name, data)
    except OSError as error:
        current_app.logger.warning("CV not stored: %s", error)
        raise UploadError("Votre CV n’a pas pu être enregistré. Réessayez dans quelques instants.") from None
    return StoredFile(name=name, original_name=download_name(upload.filename), size=len(data))


def cv_path(name: str | None) -> Path | None:
    """The stored file of a generated name, or None for any other name or a missing file."""
    if not name or not STORED_NAME.match(name):
        return None
    path = cv_dir() / name
    return path if path.is_file() else None


def retire_cv(name: str | None) -> None:
    """Leave a CV no row uses any more to the sweeper, which deletes it once its grace period has passed.

    Not deleted at once: a backup that saved the database a moment ago still has the old row and copies its file
    next. Its modification time is set to now, so that the grace period starts now.
    """
    if name and STORED_NAME.match(name):
        try:
            os.utime(cv_dir() / name)
        except FileNotFoundError:
            pass


def delete_cv(name: str | None) -> None:
    """Remove a stored CV (a missing file is not an error)."""
    if name and STORED_NAME.match(name):
        (cv_dir() / name).unlink(missing_ok=True)


@contextmanager
def removed_on_error(stored: StoredFile | None) -> Iterator[None]:
    """Run the block that commits the row of a stored file; if anything in it fails, delete the file."""
    try:
        yield
    except BaseException:
        if stored is not None:
            delete_cv(stored.name)
        raise


def cv_response(path: Path, name: str):
    """Serve a stored CV as a PDF attachment that the browser will neither sniff, run nor keep."""

    response = send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name,
                         conditional=False, etag=False, last_modified=None, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["Cache-Control"] = "no-store"
    return response
