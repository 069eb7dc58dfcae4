"""Uploaded images (logos, photos): checked by content, stripped of metadata, resized and re-encoded as WebP."""
import os
import re
import secrets
import warnings
from io import BytesIO
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import Refused

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_SIDE = 800
NAME_PATTERN = re.compile(r"^[0-9a-f]{32}\.webp$")


class ImageError(Refused):
    """A refused upload; the message is French and can be shown next to the field."""


def image_dir() -> Path:
    """The directory holding the re-encoded images (created on first use)."""
    path = Path(current_app.config["UPLOAD_DIR"]) / "images"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open and fully decode an image of an allowed format, refusing broken files and decompression bombs."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(BytesIO(data), formats=ALLOWED_FORMATS) as probe:
            # The header gives the size before any pixel is decoded: refuse bombs before they explode.
            if probe.width * probe.height > max_pixels:
                raise ImageError("Cette image est trop grande : 24 millions de pixels au maximum.")
            probe.verify()
        image = Image.open(BytesIO(data), formats=ALLOWED_FORMATS)
        image.load()
    return image


def save_image(stream, max_side: int = MAX_SIDE) -> str:
    """Check, clean, resize and store an uploaded image; return its server-generated file name."""
    max_bytes = current_app.config["IMAGE_MAX_BYTES"]
    data = stream.read(max_bytes + 1)
    if not data:
        raise ImageError("Le fichier envoyé est vide.")
    if len(data) > max_bytes:
        raise ImageError(f"Cette image est trop lourde : {max_bytes // (1024 * 1024)} Mo au maximum.")
    try:
        image = _open(data, current_app.config["IMAGE_MAX_PIXELS"])
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("Cette image est trop grande : 24 millions de pixels au maximum.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError):
        raise ImageError("Ce fichier n’est pas une image JPEG, PNG ou WebP valide.") from None
    image = ImageOps.exif_transpose(image)  # apply the camera's rotation before the metadata is dropped
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    image.info = {}
    name = f"{secrets.token_hex(16)}.webp"
    image.save(image_dir() / name, "WEBP", quality=85, method=4, exif=b"", icc_profile=None)
    return name


def image_path(name: str | None) -> Path | None:
    """The stored file of a generated image name, or None for any other name."""
    if not name or not NAME_PATTERN.match(name):
        return None
    path = image_dir() / name
    return path if path.is_file() else None


def delete_image(name: str | None) -> None:
    """Remove a stored image (a missing file is not an error)."""
    path = image_path(name)
    if path is not None:
        os.remove(path)
