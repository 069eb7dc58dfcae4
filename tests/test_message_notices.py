"""E-mail notices of new messages: one per thread and side per MESSAGE_NOTICE_MINUTES, a link, never the text."""
from datetime import timedelta

from app.core.time import utcnow
from app.extensions import db
from app.models.conversation import Side
from app.services.conversations import threads
from app.services.responses import interests
from tests.application_factories import apply_to, make_artisan_offer, make_artisan_project, make_candidate, sign_in

SECRET = "Mon numéro perso est le 06 12 34 56 78"
CONTACT = "atelier@exemple.fr"


def _notify(runner, *extra) -> str:
    """Run `flask messages notify`, then `flask mail send`; the first command's output."""
    output = runner.invoke(args=["messages", "notify", *extra]).output
    runner.invoke(args=["mail", "send"])
    return output


def _notices(mailbox):
    return [mail for mail in mailbox() if mail["Subject"].startswith("Nouveau message concernant")]


def _body(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_one_notice_per_thread_per_hour_with_a_link_and_no_text(app, runner, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    client = sign_in(app, candidate)
    client.post(f"/candidatures/{application.id}", data={"body": SECRET})
    client.post(f"/candidatures/{application.id}", data={"body": "Et un deuxième message."})
    output = _notify(runner)
    assert "1 avis" in output, output
    mails = _notices(mailbox)
    assert len(mails) == 1 and mails[0]["To"] == artisan.email
    assert mails[0]["Subject"] == f"Nouveau message concernant la candidature à « {offer.title} »"
    body = _body(mails[0])
    assert f"/espace-artisan/candidatures/{application.id}#echanges" in body
    assert SECRET not in body and "deuxième" not in body and "06 12" not in body
    # Another message within the hour: nothing more; after the hour: one more notice.
    client.post(f"/candidatures/{application.id}", data={"body": "Un troisième."})
    assert "0 avis" in _notify(runner)
    later = (utcnow() + timedelta(minutes=61)).isoformat()
    assert "1 avis" in _notify(runner, "--now", later)
    assert len(_notices(mailbox)) == 2
    # Nothing new since: nothing sent, even later.
    even_later = (utcnow() + timedelta(minutes=200)).isoformat()
    assert "0 avis" in _notify(runner, "--now", even_later)


def test_no_notice_once_read(app, runner, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    sign_in(app, candidate).post(f"/candidatures/{application.id}", data={"body": "Bonjour"})
    sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}")
    assert "0 avis" in _notify(runner)
    assert _notices(mailbox) == []


def test_the_candidate_is_told_with_the_link_to_their_application(app, runner, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    sign_in(app, artisan).post(f"/espace-artisan/candidatures/{application.id}", data={"body": SECRET})
    _notify(runner)
    mails = [mail for mail in _notices(mailbox) if mail["To"] == candidate.email]
    assert len(mails) == 1
    assert f"/candidatures/{application.id}#echanges" in _body(mails[0]) and SECRET not in _body(mails[0])


def test_a_business_without_account_is_told_at_its_contact_address_with_its_signed_link(app, runner, make_user,
                                                                                        mailbox):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email=CONTACT)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    sign_in(app, candidate).post(f"/candidatures/{application.id}", data={"body": SECRET})
    _notify(runner)
    mails = [mail for mail in _notices(mailbox) if mail["To"] == CONTACT]
    assert len(mails) == 1
    body = _body(mails[0])
    assert "/contact/" in body and SECRET not in body
    link = next(word for word in body.split() if "/contact/" in word)
    page = app.test_client().get(link[link.index("/contact/"):])
    assert page.status_code == 200 and "Échanges" in page.get_data(as_text=True)


def test_a_partner_proposal_thread_is_noticed_too(app, runner, make_user, mailbox):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner")
    interest = interests.express_interest(project, partner, message="Je peux aider.", contributions=["design"])
    threads.post(interest, Side.OWNER, "Merci, parlons-en.", author=artisan)
    _notify(runner)
    mails = [mail for mail in _notices(mailbox) if mail["To"] == partner.email]
    assert len(mails) == 1 and f"/propositions/{interest.id}#echanges" in _body(mails[0])


def test_a_deleted_account_gets_nothing(app, runner, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    threads.post(application, Side.OWNER, "Bonjour", author=artisan)
    candidate.is_active_account = False
    db.session.commit()
    assert "0 avis" in _notify(runner)
