"""Public directory of businesses (/entreprises), highlighted local and responsible businesses first."""
from flask import Blueprint

from app.reference.trades import Commitment

bp = Blueprint("directory", __name__)


def commitment_labels(slugs) -> list[str]:
    """French labels of commitment slugs, for the badges."""
    known = {c.value: c.label for c in Commitment}
    return [known[slug] for slug in slugs or [] if slug in known]


bp.add_app_template_global(commitment_labels, "commitment_labels")
