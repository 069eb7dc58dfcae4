"""The public directory page."""
from flask import render_template, request

from app.core.time import utcnow
from app.services.businesses import directory
from app.web._shared.numbers import page_number
from app.web.directory import bp
from app.web.directory.forms import DirectoryForm


@bp.route("/entreprises")
def index():
    """Businesses filtered by trade, commitment and place; highlighted ones first; works without JavaScript."""
    form = DirectoryForm(request.args)
    form.validate()
    place = directory.resolve(form.lieu.data) if form.lieu.data else None
    if form.lieu.data and place is None:
        form.lieu.errors = [f"Aucun lieu ne correspond à « {form.lieu.data} » : essayez un code postal, un "
                            "département ou un nom de commune."]
        page = None
    else:
        page = directory.search(trade=form.metier.data or None, commitment=form.engagement.data or None,
                                place=place, highlighted_only=form.en_avant.data,
                                verified_label=form.label.data or None, open_at=utcnow() if form.ouvert.data else None,
                                training_only=form.formatrice.data, page=page_number())
    return render_template("directory/index.html", form=form, page=page, place=place)
