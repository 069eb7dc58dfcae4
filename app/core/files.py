"""Atomic file writes: readers see the old file or the new one, never a partial one, even after a crash."""
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TEMPORARY_PREFIX = ".tmp-"  # hidden, and swept: app/files/sweep.py removes old ones, backups skip hidden names


def temporary_path(path: Path) -> Path:
    """A new hidden temporary name beside `path`, on the same file system so that the rename is atomic."""
    return path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(8)}")


@contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside `path`; on a clean exit flush it to disk and rename it onto `path`.

    If the block raises, the temporary file is removed and `path` is untouched. Mode "w" or "wb" (the file is
    always created new, never an existing one opened).
    """
    path = Path(path)
    temporary = temporary_path(path)
    try:
        with open(temporary, mode.replace("w", "x"), encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def write_atomically(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write `data` (bytes, or text in `encoding`) to `path` atomically and durably."""
    if isinstance(data, str):
        with atomic_writer(path, "w", encoding=encoding) as handle:
            handle.write(data)
    else:
        with atomic_writer(path, "wb") as handle:
            handle.write(data)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; best effort (some file systems refuse to open or sync a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
