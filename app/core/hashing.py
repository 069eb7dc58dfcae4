"""Keyed hashes (HMAC-SHA-256 with SECRET_KEY): tell values apart, e.g. IP addresses, without storing them in clear."""
import hashlib
import hmac

from flask import current_app


def keyed_hash(value: str, context: str = "", length: int = 64, secret: str | bytes | None = None) -> str:
    """HMAC-SHA-256 of `context` + `value` keyed with `secret` (SECRET_KEY by default), cut to `length` hex digits.

    `context` separates uses (a value hashed for one purpose does not match the same value hashed for another).
    """
    key = current_app.config["SECRET_KEY"] if secret is None else secret
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, (context + value).encode(), hashlib.sha256).hexdigest()[:length]


def ip_hash(address: str | None, context: str = "", length: int = 16) -> str | None:
    """A keyed hash of an IP address, or None without one."""
    if not address:
        return None
    return keyed_hash(address, context, length)
