"""The edge of a use case: one commit when the outermost use case returns, one rollback when it raises.

Use cases are decorated with `use_case`; what they call flushes and never commits, and a use case called by
another joins the caller's transaction, so use cases compose (account deletion withdraws listings through the
same transition an owner fires, and all of it commits, or none). Work that must not happen unless the data is
committed (deleting a file the rows no longer name) is queued with `after_commit`.
"""
from functools import wraps

from app.extensions import db

_DEPTH = "use_case_depth"
_AFTER_COMMIT = "use_case_after_commit"


def after_commit(callback) -> None:
    """Run `callback()` once the current use case has committed; it is dropped if the use case rolls back."""
    session = db.session
    if not session.info.get(_DEPTH):
        raise RuntimeError("after_commit() needs a use case to wait for")
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def use_case(function):
    """Run `function` in one transaction: committed by the outermost use case, rolled back if it raises."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        session = db.session  # the request's scoped session
        depth = session.info.get(_DEPTH, 0)
        session.info[_DEPTH] = depth + 1
        try:
            result = function(*args, **kwargs)
            if depth == 0:
                session.commit()
                for callback in session.info.pop(_AFTER_COMMIT, []):
                    callback()
            return result
        except BaseException:
            if depth == 0:
                session.info.pop(_AFTER_COMMIT, None)
                session.rollback()
            raise
        finally:
            session.info[_DEPTH] = depth

    return wrapper
