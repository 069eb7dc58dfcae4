"""Proofs of labels: a PDF checked like a CV, or an image checked and re-encoded like a logo; never public."""
import re
import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app, send_file

from app.core.errors import Refused
from app.core.files import write_atomically
from app.files import cvs, images

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|webp)$")
MSG_KIND = "Le justificatif doit être un PDF ou une image JPEG, PNG ou WebP."


def proof_dir() -> Path:
    """The directory holding the proofs (created on first use)."""
    path = Path(current_app.config["UPLOAD_DIR"]) / "proofs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_proof(upload) -> str:
    """Check an uploaded proof by its content and store it under a new random name; return that name.

    :raise Refused: on the `proof` field, for an empty, too heavy or unreadable file.
    """
    if upload is None or not getattr(upload, "filename", ""):
        raise Refused("Joignez un justificatif (PDF ou photo) : la chambre le vérifie avant d’afficher la marque.",
                      "proof")
    data = upload.stream.read(cvs.max_bytes() + 1)
    if data.startswith(b"%PDF"):
        try:
            cvs.check_pdf(data)
        except cvs.UploadError as error:
            raise Refused(error.message if "CV" not in error.message else MSG_KIND, "proof") from None
        name = f"{secrets.token_hex(16)}.pdf"
        write_atomically(proof_dir() / name, data)
        return name
    try:
        name = images.save_image(BytesIO(data), max_side=1600)
    except images.ImageError as error:
        raise Refused(MSG_KIND if "image" in error.message and "valide" in error.message else error.message,
                      "proof") from None
    (images.image_dir() / name).rename(proof_dir() / name)  # same upload folder: a rename, not a copy
    return name


def proof_path(name: str | None) -> Path | None:
    """The stored proof of a generated name, or None."""
    if not name or not STORED_NAME.match(name):
        return None
    path = proof_dir() / name
    return path if path.is_file() else None


def delete_proof(name: str | None) -> None:
    """Remove a stored proof (a missing file is not an error)."""
    path = proof_path(name)
    if path is not None:
        path.unlink(missing_ok=True)


def proof_response(path: Path):
    """Serve a proof to staff: a PDF as an attachment, an image inline; never sniffed, run or cached."""
    is_pdf = path.suffix == ".pdf"
    response = send_file(path, mimetype="application/pdf" if is_pdf else "image/webp", as_attachment=is_pdf,
                         download_name=f"justificatif{path.suffix}", conditional=False, etag=False,
                         last_modified=None, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["Cache-Control"] = "no-store"
    return response
