"""Shared column helpers for the models: `utcnow` now lives in app/core/time.py and is re-exported here."""
from app.core.time import utcnow

__all__ = ["utcnow"]
