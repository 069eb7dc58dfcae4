"""The chamber's « Candidatures à transmettre »: staff of the territory see what reached the chamber (never the
message or the CV) and forward it to the business's address, which receives the signed link."""
import re

from sqlalchemy import select

from app.extensions import db as _db
from app.models.application import Application
from app.models.interest import Interest
from app.models.mail import OutgoingMail
from app.models.moderation import AuditEntry
from app.services.responses import interests
from tests.application_factories import apply_to, make_artisan_offer, make_artisan_project, make_candidate, sign_in

MESSAGE = "Mon message très personnel à l’artisan."


def waiting_application(make_user):
    """Staff in Île-de-France, an unowned offer without a contact address there, and an application to it."""
    staff = make_user("staff", chamber_code="IDF")
    _, offer = make_artisan_offer(make_user, owner=False)
    application = apply_to(offer, make_candidate(make_user), message=MESSAGE)
    return staff, offer, application


def test_the_queue_shows_who_and_when_but_not_the_message(app, make_user):
    staff, offer, application = waiting_application(make_user)
    page = sign_in(app, staff).get("/moderation/a-transmettre").get_data(as_text=True)
    assert "Candidatures à transmettre" in page and offer.title in page and offer.business.name in page
    assert "Candidature" in page and "Adresse de l’entreprise" in page
    assert MESSAGE not in page and "/cv" not in page


def test_staff_of_another_chamber_see_nothing_and_cannot_forward(app, make_user):
    staff, offer, application = waiting_application(make_user)
    other = sign_in(app, make_user("staff", chamber_code="BRE"))
    assert offer.title not in other.get("/moderation/a-transmettre").get_data(as_text=True)
    field = f"application-{application.id}-email"
    response = other.post(f"/moderation/a-transmettre/application/{application.id}", data={field: "x@example.org"})
    assert response.status_code == 403
    assert _db.session.get(Application, application.id).forwarded_at is None
    assert sign_in(app, make_candidate(make_user)).get("/moderation/a-transmettre").status_code in (302, 403)


def test_forwarding_sends_the_link_and_leaves_the_queue(app, client, make_user):
    staff, offer, application = waiting_application(make_user)
    staff_client = sign_in(app, staff)
    field = f"application-{application.id}-email"
    bad = staff_client.post(f"/moderation/a-transmettre/application/{application.id}", data={field: "pas-une-adresse"})
    assert bad.status_code == 422 and "adresse électronique valide" in bad.get_data(as_text=True)
    assert "pas-une-adresse" in bad.get_data(as_text=True)  # the form keeps what was typed

    response = staff_client.post(f"/moderation/a-transmettre/application/{application.id}",
                                 data={field: "boulangerie@example.org"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Transmis à boulangerie@example.org" in page and "Rien à transmettre" in page
    application = _db.session.get(Application, application.id)
    assert application.forwarded_to == "boulangerie@example.org" and application.forwarded_by_id == staff.id
    assert application.delivery == "chamber"  # it keeps the way it came
    assert offer.contact_email == "boulangerie@example.org"
    mail = _db.session.scalar(select(OutgoingMail).where(OutgoingMail.to == "boulangerie@example.org"))
    assert MESSAGE in mail.body_text
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "application.forward"))
    assert entry.actor_id == staff.id and entry.details["to"] == "boulangerie@example.org"

    link = re.search(r"https?://[^/\s]+(/contact/[\w.\-]+)", mail.body_text).group(1)
    assert MESSAGE in client.get(link).get_data(as_text=True)  # the forwarded address answers through its link

    again = staff_client.post(f"/moderation/a-transmettre/application/{application.id}",
                              data={field: "autre@example.org"}, follow_redirects=True)
    assert "n’est plus à transmettre" in again.get_data(as_text=True)
    assert _db.session.get(Application, application.id).forwarded_to == "boulangerie@example.org"


def test_a_withdrawn_application_leaves_the_queue(app, make_user):
    staff, offer, application = waiting_application(make_user)
    candidate = application.candidate
    client = sign_in(app, candidate)
    confirm = client.get(f"/candidatures/{application.id}/retirer").get_data(as_text=True)
    assert "attend que la CMA Île-de-France la transmette" in confirm and "sera prévenue" not in confirm
    page = client.post(f"/candidatures/{application.id}/retirer", data={"confirm": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "La CMA Île-de-France ne la transmettra donc pas à l’entreprise" in page
    assert "L’artisan en est informé" not in page
    assert offer.title not in sign_in(app, staff).get("/moderation/a-transmettre").get_data(as_text=True)


def test_a_proposal_is_forwarded_too(app, make_user):
    staff = make_user("staff", chamber_code="IDF")
    _, project = make_artisan_project(make_user)
    project.business.owner = None
    _db.session.commit()
    partner = make_user("partner", display_name="Studio Frêne")
    interest = interests.express_interest(project, partner, message=MESSAGE, contributions=["design"])
    staff_client = sign_in(app, staff)
    page = staff_client.get("/moderation/a-transmettre").get_data(as_text=True)
    assert "Proposition de partenariat" in page and project.title in page and MESSAGE not in page
    response = staff_client.post(f"/moderation/a-transmettre/interest/{interest.id}",
                                 data={f"interest-{interest.id}-email": "atelier@example.org"})
    assert response.status_code == 302
    assert _db.session.get(Interest, interest.id).forwarded_to == "atelier@example.org"
    mail = _db.session.scalar(select(OutgoingMail).where(OutgoingMail.to == "atelier@example.org"))
    assert MESSAGE in mail.body_text and "/contact/" in mail.body_text
    assert staff_client.post("/moderation/a-transmettre/nothing/1", data={}).status_code == 404
    assert staff_client.post("/moderation/a-transmettre/interest/99999", data={}).status_code == 404


def test_the_candidate_is_told_the_truth_while_the_chamber_holds_the_application(app, make_user):
    staff, offer, application = waiting_application(make_user)
    page = sign_in(app, application.candidate).get(f"/candidatures/{application.id}").get_data(as_text=True)
    page = page.replace("\xa0", " ")
    assert "L’artisan sera prévenu" not in page and "L’autre partie est prévenue" not in page
    assert "qui doit la transmettre à l’entreprise" in page
    assert "L’entreprise lira vos messages quand la CMA Île-de-France lui aura transmis votre candidature." in page
    assert "elle ne lui sera pas transmise" in page  # under « Retirer ma candidature »
