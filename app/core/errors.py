"""The one error vocabulary: what a use case raises when it refuses, with its French message and HTTP status.

Services raise these; app/web/errors maps each once to a French HTML page or the API's JSON error. Views catch
`Refused` to show its messages next to the form fields; anything uncaught still gets a page that says what happened.
"""


class DomainError(Exception):
    """A refusal the user may read: a French `message`, answered with `status` when no view catches it."""

    status = 400
    code = "bad_request"
    default_message = "La demande n’a pas pu être traitée."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Refused(DomainError):
    """Input refused: `errors` maps each form field to its French message; `field` is the first one (or None).

    Raise it with a dict, `Refused({"siret": "…", "postcode": "…"})`, or with one message and its field,
    `Refused("…", "email")`; a message without a field concerns the whole form.
    """

    def __init__(self, errors: dict[str, str] | str, field: str | None = None):
        if isinstance(errors, str):
            message, errors = errors, ({field: errors} if field else {})
        else:
            message = " ".join(errors.values())
        super().__init__(message)
        self.errors = dict(errors)
        self.field = field or next(iter(self.errors), None)


class NotAllowed(DomainError):
    """The user may not do this (403)."""

    status = 403
    code = "forbidden"
    default_message = "Vous n’avez pas l’autorisation de faire cette action."


class Conflict(DomainError):
    """The action does not fit the object's current state, often changed meanwhile by someone else (409)."""

    status = 409
    code = "conflict"
    default_message = "Cette action n’est plus possible : la page a changé entre-temps."


class NotFound(DomainError):
    """Unknown, or not to be known by this user (404)."""

    status = 404
    code = "not_found"
    default_message = "Cette page n’existe pas ou n’est plus disponible."
