"""Views of the storefront: each parses a form, calls one service function, then renders or redirects."""
from datetime import timedelta
from xml.etree import ElementTree as ET

import segno
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.core.csvfile import excel_csv
from app.core.errors import Refused
from app.core.text import strip_control_characters
from app.core.time import today, utcnow
from app.core.urls import public_url
from app.extensions import limiter
from app.files import proofs
from app.geo import get_departement
from app.geo.svgmap import map_data
from app.models import Permission
from app.models.business import SOCIAL_NETWORKS
from app.services import access
from app.services.businesses.public_pages import open_listings
from app.services.storefronts import contact, digital_basics, labels, maps, storefront
from app.services.storefronts.hours import closure_on, is_open_at, week
from app.services.storefronts.vcard import vcard
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.listings import jsonld
from app.web.storefronts import bp
from app.web.storefronts.forms import (
    ActionForm,
    ClosureForm,
    ContactForm,
    LabelForm,
    PhotoForm,
    RefuseForm,
    StorefrontForm,
    VerifyForm,
)

CONTACT_LIMIT = "5 per hour"  # visitors' messages per IP address: each one is an e-mail to an artisan


@bp.app_template_global()
def storefront_of(business):
    """What the public page shows of a business's storefront (a template global for listings/business.html)."""
    day = today()
    return {"week": week(business), "open_now": is_open_at(business, utcnow()),
            "closed_today": closure_on(business, day), "closures": storefront.coming_closures(business, day),
            "marks": labels.page_marks(business, day), "can_contact": contact.can_be_contacted(business),
            "contact_form": ContactForm(formdata=None)}


@bp.app_template_global()
def france_map():
    """The départements' map data (a template global for storefronts/_maps.html)."""
    return map_data()


@bp.app_template_global()
def map_shades(counts):
    """Shades of the départements from their counts (a template global for storefronts/_maps.html)."""
    return maps.shades(counts)


@bp.app_template_global()
def map_points(businesses):
    """(points on the map, businesses off it) of some businesses (a template global for the directory)."""
    return maps.business_points(businesses)


@bp.app_template_global()
def territory_business_counts():
    """Public businesses per département of the signed-in staff member's territory (for the chamber dashboard)."""
    return maps.businesses_per_departement(access.territory(current_user))


@bp.app_template_global()
def departement_name(code):
    """The name of a département."""
    departement = get_departement(code)
    return departement.name if departement else code


@bp.app_template_global()
def digital_checklist(business):
    """The « Mes bases numériques » checklist of a business (a template global for the artisan's dashboard)."""
    return digital_basics.checklist(business)


def _owned(business_id: int):
    """The business if the signed-in user may manage it (404/403 otherwise)."""
    return access.owned_business_or_abort(business_id, current_user)


def _edit_page(business, form=None, photo_form=None, closure_form=None, status=200):
    """The storefront editing page with its three forms."""
    return render_template("storefronts/edit.html", business=business, form=form or StorefrontForm(obj=business),
                           photo_form=photo_form or PhotoForm(formdata=None),
                           closure_form=closure_form or ClosureForm(formdata=None), action_form=ActionForm(),
                           closures=storefront.coming_closures(business, today())), status


@bp.route("/espace-artisan/entreprises/<int:business_id>/vitrine", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def edit(business_id: int):
    """Edit the storefront: phone, offerings, areas served, links, hours."""
    business = _owned(business_id)
    form = StorefrontForm(obj=business)
    if form.validate_on_submit():
        try:
            storefront.save_storefront(business, form.service_fields())
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Vitrine mise à jour.", "success")
            return redirect(url_for("storefronts.edit", business_id=business.id))
    return _edit_page(business, form=form, status=422 if form.errors else 200)


@bp.route("/espace-artisan/entreprises/<int:business_id>/vitrine/photos", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def add_photo(business_id: int):
    """Add a photo with its text alternative."""
    business = _owned(business_id)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            storefront.add_photo(business, form.photo.data, form.alt.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Photo ajoutée.", "success")
            return redirect(url_for("storefronts.edit", business_id=business.id) + "#photos")
    return _edit_page(business, photo_form=form, status=422)


@bp.route("/espace-artisan/entreprises/<int:business_id>/vitrine/photos/<int:photo_id>/retirer", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def remove_photo(business_id: int, photo_id: int):
    """Remove a photo."""
    business = _owned(business_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    storefront.remove_photo(business, photo_id)
    flash("Photo retirée.", "success")
    return redirect(url_for("storefronts.edit", business_id=business.id) + "#photos")


@bp.route("/espace-artisan/entreprises/<int:business_id>/vitrine/fermetures", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def add_closure(business_id: int):
    """Add an exceptional closure."""
    business = _owned(business_id)
    form = ClosureForm()
    if form.validate_on_submit():
        try:
            storefront.add_closure(business, form.starts_on.data, form.ends_on.data, form.reason.data, today())
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Fermeture exceptionnelle ajoutée.", "success")
            return redirect(url_for("storefronts.edit", business_id=business.id) + "#fermetures")
    return _edit_page(business, closure_form=form, status=422)


@bp.route("/espace-artisan/entreprises/<int:business_id>/vitrine/fermetures/<int:closure_id>/retirer",
          methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def remove_closure(business_id: int, closure_id: int):
    """Remove an exceptional closure."""
    business = _owned(business_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    storefront.remove_closure(business, closure_id)
    flash("Fermeture retirée.", "success")
    return redirect(url_for("storefronts.edit", business_id=business.id) + "#fermetures")


@bp.route("/espace-artisan/entreprises/<int:business_id>/labels", methods=["GET", "POST"], endpoint="labels")
@permission_required(Permission.MANAGE_BUSINESS)
def labels_page(business_id: int):
    """The business's labels and commitments, and the form to declare one with its proof."""
    business = _owned(business_id)
    form = LabelForm(business)
    if form.validate_on_submit():
        try:
            label = labels.declare(business, form.code.data, form.proof.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"« {label.name} » est déclaré : votre chambre de métiers vérifie le justificatif.", "success")
            return redirect(url_for("storefronts.labels", business_id=business.id))
    return render_template("storefronts/labels.html", business=business, form=form, action_form=ActionForm(),
                           today=today()), 422 if form.errors else 200


@bp.route("/espace-artisan/entreprises/<int:business_id>/labels/<int:label_id>/retirer", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def withdraw_label(business_id: int, label_id: int):
    """Remove a declared or verified mark."""
    business = _owned(business_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    labels.withdraw(business, label_id)
    flash("La marque est retirée de votre page.", "success")
    return redirect(url_for("storefronts.labels", business_id=business.id))


@bp.route("/entreprises/<slug>/message", methods=["POST"])
@limiter.limit(CONTACT_LIMIT, methods=["POST"], key_func=get_remote_address)
def send_message(slug: str):
    """A visitor's message to the business, sent by e-mail without showing the business's address."""
    business = access.business_by_slug_or_404(slug, current_user)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            contact.send_message(business, name=form.name.data, email=form.email.data, message=form.message.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Votre message est envoyé à l’entreprise : sa réponse arrivera à l’adresse indiquée.", "success")
            return redirect(url_for("listings.business", slug=business.slug) + "#contact")
    return render_template("listings/business.html", business=business, listings=open_listings(business),
                           jsonld=jsonld.dumps(jsonld.local_business(business)), social_networks=SOCIAL_NETWORKS,
                           contact_form=form), 422


@bp.route("/entreprises/<slug>.vcf")
def business_vcard(slug: str):
    """The business's contact card (vCard 4.0) for a phone's address book."""
    business = access.business_by_slug_or_404(slug, current_user)
    return Response(vcard(business), mimetype="text/vcard",
                    headers={"Content-Disposition": f'attachment; filename="{business.slug}.vcf"'})


@bp.route("/entreprises/<slug>/affiche")
def poster(slug: str):
    """A printable A4 poster for the shop window, with a QR code to the page."""
    business = access.business_by_slug_or_404(slug, current_user)
    page = public_url("listings.business", slug=business.slug)
    qr = segno.make(page, error="m").svg_inline(scale=8, dark="#000", light="#fff", omitsize=True,
                                                title=f"Code QR vers {page}")
    return render_template("storefronts/poster.html", business=business, page_url=page, qr=qr,
                           week=week(business))


@bp.route("/moderation/labels")
@permission_required(Permission.VERIFY_BUSINESSES)
def queue():
    """Marks declared with a proof in the staff member's territory, oldest first."""
    return render_template("storefronts/queue.html", waiting=labels.waiting(current_user), chamber=None)


@bp.route("/moderation/labels/<int:label_id>", methods=["GET", "POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def review(label_id: int):
    """One declared mark: its proof, and the forms to verify it until a date or refuse it."""
    label = labels.label_for_staff(label_id, current_user)
    verify_form, refuse_form = VerifyForm(), RefuseForm()
    if not verify_form.is_submitted():
        verify_form.expires_on.data = today() + timedelta(days=365)
    return _decide(label, verify_form, refuse_form)


def _decide(label, verify_form, refuse_form):
    """Apply the submitted decision, or show the review page."""
    decision = request.form.get("decision") if verify_form.validate_on_submit() else None
    if decision in ("verify", "refuse"):
        try:
            if decision == "verify":
                labels.verify(label, current_user, verify_form.expires_on.data, today())
                flash(f"« {label.name} » est vérifié pour {label.business.name}.", "success")
            else:
                labels.refuse(label, current_user, refuse_form.reason.data)
                flash(f"« {label.name} » est refusé ; l’entreprise en est informée.", "success")
        except Refused as error:
            add_service_errors(verify_form if decision == "verify" else refuse_form, error.errors)
        else:
            return redirect(url_for("storefronts.queue"))
    status = 422 if verify_form.errors or refuse_form.errors else 200
    return render_template("storefronts/review.html", label=label, verify_form=verify_form,
                           refuse_form=refuse_form, chamber=None), status


@bp.route("/moderation/labels/<int:label_id>/justificatif")
@permission_required(Permission.VERIFY_BUSINESSES)
def proof(label_id: int):
    """The proof of a mark, for staff of its territory."""
    label = labels.label_for_staff(label_id, current_user)
    path = proofs.proof_path(label.proof_name)
    if path is None:
        abort(404)
    return proofs.proof_response(path)


@bp.route("/moderation/bases-numeriques")
@permission_required(Permission.MODERATE)
def digital_counts():
    """How many businesses of the territory lack each digital basic (to invite them to a workshop)."""
    businesses = digital_basics.territory_businesses(access.territory(current_user))
    return render_template("storefronts/digital_counts.html", total=len(businesses),
                           counts=digital_basics.missing_counts(businesses), chamber=None)


@bp.route("/moderation/bases-numeriques.csv")
@permission_required(Permission.MODERATE)
def digital_csv():
    """The territory's businesses and their digital basics as CSV for Excel (formulas neutralised)."""
    header, rows = digital_basics.csv_rows(digital_basics.territory_businesses(access.territory(current_user)))
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(excel_csv(header, rows).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="bases-numeriques-{stamp}.csv"',
                             "Content-Type": "text/csv; charset=utf-8"})


@bp.get("/entreprises/nouvelles.atom")
def new_businesses_feed() -> Response:
    """The newest businesses of the directory as an Atom 1.0 feed."""
    businesses = maps.newest_businesses()
    feed = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    self_url = public_url("storefronts.new_businesses_feed")
    updated = max((b.created_at for b in businesses), default=utcnow())
    for tag, text in (("id", self_url), ("title", "Passerelle – nouvelles entreprises de l’annuaire"),
                      ("updated", updated.isoformat(timespec="seconds")), ("generator", "Passerelle")):
        ET.SubElement(feed, tag).text = text
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=public_url("directory.index"))
    for business in businesses:
        page = public_url("listings.business", slug=business.slug)
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = page
        ET.SubElement(entry, "title").text = strip_control_characters(business.name, multi_line=False)
        ET.SubElement(entry, "updated").text = business.created_at.isoformat(timespec="seconds")
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=page)
        summary = ", ".join(business.trade_labels + [f"{business.commune_name} ({business.postcode})"])
        ET.SubElement(entry, "summary").text = strip_control_characters(summary, multi_line=False)
    return Response(ET.tostring(feed, encoding="utf-8", xml_declaration=True),
                    content_type="application/atom+xml; charset=utf-8")
