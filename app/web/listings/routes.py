"""Public pages: offers and projects (canonical URLs, JSON-LD, pay simulator), business pages, uploaded images."""
from flask import abort, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user

from app.files import images
from app.models.business import SOCIAL_NETWORKS
from app.reference.law import minimum_share, pay_notes, pay_table, share_of_smic
from app.reference.trades import Contract
from app.services.access import business_by_slug_or_404, is_owner, visible_listing_or_404
from app.services.businesses.public_pages import open_listings
from app.services.listings.view_counts import record_view
from app.web.listings import bp, jsonld
from app.web.listings.forms import PayForm


def _show(kind: str, listing_id: int, slug: str | None, endpoint: str):
    """The listing if visible, after sending a wrong or missing slug to the canonical URL (301)."""
    listing = visible_listing_or_404(kind, listing_id, current_user)
    if slug != listing.slug:
        query = {key: value for key, value in request.args.items() if key.isalpha() and key not in ("slug",)}
        return listing, redirect(url_for(endpoint, listing_id=listing.id, slug=listing.slug, **query), 301)
    return listing, None


def _counted(listing, page: str) -> str:
    """The rendered page, after counting one view of a public listing by someone other than its owner."""
    if listing.is_public and not is_owner(current_user, listing.business):
        record_view(listing)
    return page


def _simulation(offer):
    """Today's pay table of the offer's contract (Mayotte's SMIC in 976), its notes and the amount asked for."""
    table = pay_table(offer.contract or Contract.APPRENTISSAGE, departement=offer.business.departement)
    form = PayForm(table.columns, request.args, by_year=table.contract == Contract.APPRENTISSAGE)
    result = None
    if "age" in request.args and form.validate():
        args = dict(age=form.age.data, contract=table.contract)
        if table.contract == Contract.APPRENTISSAGE:
            args["year"] = form.year.data
        else:
            args["qualified"] = form.year.data == 2
        share = minimum_share(**args)
        result = {"age": form.age.data, "column": table.columns[form.year.data - 1],
                  "share": share, "amount": share_of_smic(table.smic, share)}
    return table, form, result, pay_notes(table, offer.diploma)


@bp.route("/offres/<int:listing_id>", defaults={"slug": None})
@bp.route("/offres/<int:listing_id>-<slug>")
def offer(listing_id: int, slug: str | None):
    """An apprenticeship offer with its JobPosting JSON-LD and the minimum pay simulator."""
    offer, redirection = _show("offer", listing_id, slug, "listings.offer")
    if redirection:
        return redirection
    table, form, result, notes = _simulation(offer)
    data = jsonld.dumps(jsonld.job_posting(offer)) if offer.is_public else None
    return _counted(offer, render_template("listings/offer.html", listing=offer, jsonld=data, table=table,
                                           pay_form=form, pay_result=result, pay_notes=notes))


@bp.route("/projets/<int:listing_id>", defaults={"slug": None})
@bp.route("/projets/<int:listing_id>-<slug>")
def project(listing_id: int, slug: str | None):
    """An innovation project looking for partners."""
    project, redirection = _show("project", listing_id, slug, "listings.project")
    if redirection:
        return redirection
    data = jsonld.dumps(jsonld.project(project)) if project.is_public else None
    return _counted(project, render_template("listings/project.html", listing=project, jsonld=data))


@bp.route("/entreprises/<slug>")
def business(slug: str):
    """A business's public page with its open listings and LocalBusiness JSON-LD."""
    business = business_by_slug_or_404(slug, current_user)
    return render_template("listings/business.html", business=business, listings=open_listings(business),
                           jsonld=jsonld.dumps(jsonld.local_business(business)), social_networks=SOCIAL_NETWORKS)


@bp.route("/medias/<name>")
def image(name: str):
    """An uploaded image, under its server-generated name only."""
    if images.image_path(name) is None:
        abort(404)
    return send_from_directory(images.image_dir(), name, mimetype="image/webp", max_age=365 * 24 * 3600)
