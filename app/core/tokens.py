"""Signed links: a small dict signed with SECRET_KEY and a salt per use, valid for a maximum age."""
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class LinkError(Exception):
    """A signed link that cannot be used; callers turn it into their French message."""


class LinkExpired(LinkError):
    """The signature is right but older than the maximum age."""


class LinkInvalid(LinkError):
    """Tampered, truncated, signed for another use, or not carrying a dict."""


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign(data: dict[str, Any], salt: str) -> str:
    """A URL-safe token carrying `data`, signed for the use named by `salt`."""
    return _serializer(salt).dumps(data)


def load(token: str, salt: str, max_age: int) -> dict[str, Any]:
    """The dict of a token signed with `salt` at most `max_age` seconds ago; LinkExpired or LinkInvalid otherwise."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkExpired(str(error)) from error
    except BadSignature as error:
        raise LinkInvalid(str(error)) from error
    if not isinstance(data, dict):
        raise LinkInvalid("the token does not carry a dict")
    return data
