"""Labels and commitments (issue 18 item 2): declared with a proof checked by content, verified by the chamber of the
territory until a date, shown apart from declared ones with the date, warned a month before, declared again after."""
from datetime import timedelta
from io import BytesIO

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.core.time import today
from app.extensions import db
from app.files import proofs
from app.models.label import BusinessLabel, LabelStatus
from app.models.mail import OutgoingMail
from app.services.storefronts import labels
from tests.application_factories import PDF
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def text(response) -> str:
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def declare(client, business, code="maitre-artisan", data=PDF, name="attestation.pdf"):
    return client.post(f"/espace-artisan/entreprises/{business.id}/labels", data={"code": code,
                       "proof": (BytesIO(data), name)}, content_type="multipart/form-data")


def only_label() -> BusinessLabel:
    return db.session.scalars(select(BusinessLabel)).one()


def test_declare_verify_and_show_verified_with_its_date(people, signed_in, client):
    owner = signed_in(people.owner)
    assert declare(owner, people.business).status_code == 302
    page = text(client.get(f"/entreprises/{people.business.slug}"))
    assert "Déclarés par l’entreprise" in page and "Maître artisan" in page and "Vérifiés par" not in page

    staff = signed_in(people.staff)
    queue = text(staff.get("/moderation/labels"))
    assert "Boulangerie du Thabor" in queue and "Maître artisan" in queue
    label = only_label()
    proof = staff.get(f"/moderation/labels/{label.id}/justificatif")
    assert proof.status_code == 200 and proof.data.startswith(b"%PDF") and proof.headers["Cache-Control"] == "no-store"
    until = today() + timedelta(days=300)
    assert staff.post(f"/moderation/labels/{label.id}", data={"decision": "verify",
                                                            "expires_on": until.isoformat()}).status_code == 302
    page = text(client.get(f"/entreprises/{people.business.slug}"))
    assert "Vérifiés par la chambre de métiers" in page and "Maître artisan</span> vérifié le" in page
    assert "valable jusqu’au" in page and "Déclarés par l’entreprise" not in page
    assert db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == people.owner.email)).first()


def test_the_proof_is_checked_by_its_content(people, signed_in):
    owner = signed_in(people.owner)
    fake = declare(owner, people.business, data=b"MZ\x90\x00 not a pdf", name="attestation.pdf")
    assert fake.status_code == 422 and "PDF ou une image" in text(fake)
    empty = owner.post(f"/espace-artisan/entreprises/{people.business.id}/labels", data={"code": "maitre-artisan"})
    assert empty.status_code == 422 and "Joignez un justificatif" in text(empty)
    photo = BytesIO()
    Image.new("RGB", (60, 40), (250, 250, 250)).save(photo, "JPEG")
    assert declare(owner, people.business, data=photo.getvalue(), name="photo.jpg").status_code == 302
    assert only_label().proof_name.endswith(".webp")


def test_food_labels_only_for_food_trades_and_unknown_codes_refused(people, signed_in):
    owner = signed_in(people.owner)
    people.business.trades = ["electricien"]
    db.session.commit()
    assert declare(owner, people.business, code="fait-maison").status_code == 422
    assert declare(owner, people.business, code="<script>").status_code == 422


def test_staff_of_another_chamber_cannot_see_or_decide(people, signed_in):
    declare(signed_in(people.owner), people.business)
    label = only_label()
    other = signed_in(people.other_staff)
    assert "Boulangerie du Thabor" not in text(other.get("/moderation/labels"))
    assert other.get(f"/moderation/labels/{label.id}").status_code == 403
    assert other.get(f"/moderation/labels/{label.id}/justificatif").status_code == 403
    assert signed_in(people.owner).get(f"/moderation/labels/{label.id}").status_code in (403, 404)
    assert signed_in(people.staff).get("/moderation/labels/999999").status_code == 404


def test_refusal_needs_a_reason_and_a_date_is_required_to_verify(people, signed_in):
    declare(signed_in(people.owner), people.business)
    label, staff = only_label(), signed_in(people.staff)
    no_date = staff.post(f"/moderation/labels/{label.id}", data={"decision": "verify", "expires_on": ""})
    assert no_date.status_code == 422 and "jusqu’à quelle date" in text(no_date)
    no_reason = staff.post(f"/moderation/labels/{label.id}", data={"decision": "refuse", "reason": ""})
    assert no_reason.status_code == 422 and "pourquoi" in text(no_reason)
    assert staff.post(f"/moderation/labels/{label.id}", data={"decision": "refuse",
                                                            "reason": "Attestation illisible."}).status_code == 302
    assert only_label().status == LabelStatus.REFUSED


def test_expiry_warns_a_month_before_then_turns_back_to_declared(people, signed_in, runner, client):
    declare(signed_in(people.owner), people.business)
    label = only_label()
    label.status, label.expires_on, label.verified_at = LabelStatus.VERIFIED, today() + timedelta(days=40), \
        label.declared_at
    db.session.commit()
    day = today() + timedelta(days=15)
    result = runner.invoke(args=["labels", "expire", "--today", day.isoformat()])
    assert result.exit_code == 0 and "prévenues 1, expirées 0" in result.output
    warning = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == people.owner.email)).all()[-1]
    assert "prend fin le" in warning.subject
    again = runner.invoke(args=["labels", "expire", "--today", day.isoformat()])
    assert "prévenues 0, expirées 0" in again.output  # told once
    later = runner.invoke(args=["labels", "expire", "--today", (today() + timedelta(days=41)).isoformat()])
    assert "expirées 1" in later.output
    db.session.expire_all()
    assert only_label().status == LabelStatus.DECLARED and only_label().proof_name is None


def test_the_owner_sees_the_digital_basics_checklist_and_staff_the_counts(people, signed_in):
    people.business.website = "https://thabor.exemple.fr"
    db.session.commit()
    dashboard = text(signed_in(people.owner).get("/espace-artisan"))
    assert "Mes bases numériques : 1 sur 7" in dashboard and "Horaires d’ouverture" in dashboard
    staff = signed_in(people.staff)
    counts = text(staff.get("/moderation/bases-numeriques"))
    assert "Sur les 1 entreprise" in counts and "Photos" in counts
    people.business.name = "=HYPERLINK(\"x\")"
    db.session.commit()
    csv = staff.get("/moderation/bases-numeriques.csv")
    body = csv.data.decode("utf-8-sig")
    assert csv.mimetype == "text/csv" and "'=HYPERLINK" in body and ";oui;" in body
    assert "Boulangerie" not in text(signed_in(people.other_staff).get("/moderation/bases-numeriques.csv"))


def test_a_new_proof_that_fails_to_save_keeps_the_old_one(people, signed_in, monkeypatch):
    owner = signed_in(people.owner)
    declare(owner, people.business)
    old = only_label().proof_name
    assert proofs.proof_path(old) is not None

    def broken_flush(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(labels.db.session, "flush", broken_flush)
    try:
        labels.declare(people.business, "maitre-artisan", _upload())
    except RuntimeError:
        pass
    monkeypatch.undo()
    db.session.expire_all()
    assert only_label().proof_name == old and proofs.proof_path(old) is not None

    declare(owner, people.business)  # a new proof that is saved replaces the old file
    new = only_label().proof_name
    assert new != old and proofs.proof_path(new) is not None and proofs.proof_path(old) is None


def _upload():
    return FileStorage(stream=BytesIO(PDF), filename="attestation.pdf")
