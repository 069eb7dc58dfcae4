"""The relaunch diagnostic: scoring from the YAML data, the assessment part by part, the plan ticked from the site,
its PDF (text extracted), the request to the chamber, the advisor's follow-up scoped to the territory, statuses,
reminders after 5 working days with French public holidays (fixed clock), satisfaction, figures and their CSV."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.core.errors import Conflict
from app.extensions import db as _db
from app.models.diagnostic import Assessment, DiagnosticRequest, RequestStatus, check_move, next_statuses
from app.models.mail import OutgoingMail
from app.models.moderation import AuditEntry
from app.reference.diagnostic import questionnaire, score
from app.services.diagnostics import reminders
from tests.factories import make_business, make_offer

PASSWORD = "correct horse battery staple"


def text(response) -> str:
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def answers_at(level_index: int) -> dict[str, str]:
    """Answers giving every question its worst (0), middle (1) or best (2) option."""
    found = {}
    for part in questionnaire().parts:
        for question in part.questions:
            options = sorted(question.options, key=lambda o: o.points)
            pick = options[0] if level_index == 0 else options[-1] if level_index == 2 else options[len(options) // 2]
            found[f"{part.key}.{question.key}"] = pick.key
    return found


def form_of(part, answers) -> dict:
    return {f"{part.key}-{q.key}": answers[f"{part.key}.{q.key}"] for q in part.questions}


@pytest.fixture
def artisan(make_user):
    return make_user("artisan", email="marie@boulangerie.fr")


@pytest.fixture
def business(artisan):
    found = make_business(artisan, name="Boulangerie Dupont", postcode="75011")
    _db.session.commit()
    return found


def sign_in(client, user):
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def complete(client, business, level_index=1) -> int:
    """Answer every part through HTTP; returns the assessment id."""
    response = client.post(f"/espace-artisan/diagnostic/commencer/{business.id}")
    assert response.status_code == 302
    assessment_id = int(response.headers["Location"].split("/diagnostic/")[1].split("/")[0])
    answers = answers_at(level_index)
    for number, part in enumerate(questionnaire().parts, start=1):
        response = client.post(f"/espace-artisan/diagnostic/{assessment_id}/partie/{number}",
                               data=form_of(part, answers))
        assert response.status_code == 302, text(response)[:500]
    assert response.headers["Location"].endswith(f"/espace-artisan/diagnostic/{assessment_id}/plan")
    return assessment_id


# --- scoring (unit) -------------------------------------------------------------------------------------------

def test_questionnaire_has_six_parts_and_about_twenty_questions_in_plain_data():
    form = questionnaire()
    assert [part.step for part in form.parts] == [1, 2, 3, 4, 5, 6]
    assert 18 <= sum(len(part.questions) for part in form.parts) <= 24
    assert all(part.advice.keys() == {1, 2, 3} for part in form.parts)


def test_score_is_points_over_best_and_gives_the_level():
    form = questionnaire()
    worst, best = score(answers_at(0)), score(answers_at(2))
    assert all(s.percent == 0 and s.level.label == "À construire" for s in worst)
    assert all(s.percent == 100 and s.level.label == "Solide" for s in best)
    activite = form.parts[0]
    partial = {"activite.chiffre": "stable", "activite.tresorerie": "un-trois", "activite.aides": "un-peu"}
    result = score(partial)[0]
    assert (result.points, result.best, result.percent) == (5, 9, 56)
    assert result.level.label == "En progrès"
    assert score({"activite.chiffre": "stable"})[0].level is None  # unfinished part: no level
    assert form.level_for(39).level == 1 and form.level_for(40).level == 2 and form.level_for(75).level == 3
    assert activite.questions[0].option("nope") is None


def test_status_moves():
    assert next_statuses(RequestStatus.NEW) == [RequestStatus.TAKEN, RequestStatus.APPOINTMENT, RequestStatus.CLOSED]
    check_move(RequestStatus.TAKEN, RequestStatus.PLAN_DELIVERED)
    with pytest.raises(Conflict):
        check_move(RequestStatus.CLOSED, RequestStatus.TAKEN)
    with pytest.raises(Conflict):
        check_move(RequestStatus.NEW, RequestStatus.PLAN_DELIVERED)


def test_working_days_skip_weekends_and_french_public_holidays():
    # Friday 24 April 2026 → Friday 1 May (fête du Travail) and Friday 8 May (Victoire 1945) are holidays.
    assert reminders.working_days_between(date(2026, 4, 24), date(2026, 5, 1)) == 4
    assert reminders.working_days_between(date(2026, 4, 24), date(2026, 5, 4)) == 5
    assert reminders.working_days_between(date(2026, 12, 21), date(2026, 12, 28)) == 4  # 25 December


# --- the assessment and the plan ------------------------------------------------------------------------------

def test_one_part_per_screen_saved_as_you_go_and_restartable(client, artisan, business):
    sign_in(client, artisan)
    response = client.post(f"/espace-artisan/diagnostic/commencer/{business.id}")
    location = response.headers["Location"]
    assert location.endswith("/partie/1")
    page = text(client.get(location))
    assert "Étape 1 : Activité et trésorerie" in page and "partie 1 sur 6" in page
    part = questionnaire().parts[0]
    bad = client.post(location, data={"activite-chiffre": "stable", "activite-aides": "<script>"})
    assert bad.status_code == 422
    assert "Choisissez une réponse." in text(bad) and 'value="stable" checked' in text(bad)
    later = client.post(location, data={**form_of(part, answers_at(1)), "later": "1"})
    assert later.headers["Location"].endswith("/espace-artisan/diagnostic")
    assert "Reprendre l’autodiagnostic" in text(client.get("/espace-artisan/diagnostic"))
    again = client.post(f"/espace-artisan/diagnostic/commencer/{business.id}")
    assert again.headers["Location"] == location.replace("/partie/1", "/partie/2")


def test_plan_explains_the_score_ticks_actions_from_the_site_and_shows_the_change(client, artisan, business):
    sign_in(client, artisan)
    first = complete(client, business, level_index=0)
    page = text(client.get(f"/espace-artisan/diagnostic/{first}/plan"))
    assert "Comment le niveau est calculé" in page and "moins de 40 %" in page
    assert "Déposer une offre d’alternance" in page and "À faire" in page and "Fait" not in page
    make_offer(business, "submitted")
    client.get(f"/espace-artisan/diagnostic/{first}/simulateur")
    page = text(client.get(f"/espace-artisan/diagnostic/{first}/plan"))
    assert page.count('class="badge badge-done">Fait') >= 3  # offer posted, simulator seen (two parts)
    second = complete(client, business, level_index=2)
    page = text(client.get(f"/espace-artisan/diagnostic/{second}/plan"))
    assert "+100 points depuis le" in page and "Solide" in page


def test_plan_pdf_carries_the_date_levels_and_french_characters(client, artisan, business):
    sign_in(client, artisan)
    assessment_id = complete(client, business)
    response = client.get(f"/espace-artisan/diagnostic/{assessment_id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    content = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())
    assert "Où en est mon entreprise ? Plan d’action" in content
    assert "Boulangerie Dupont" in content and "plan édité le" in content
    assert "Étape 6 – Apprentissage et compétences" in content and "« En progrès »" in content


def test_someone_elses_assessment_and_request_answer_404(client, make_user, artisan, business):
    sign_in(client, artisan)
    assessment_id = complete(client, business)
    client.post(f"/espace-artisan/diagnostic/demande/{business.id}",
                data={"need": "Trésorerie", "phone": "06 12 34 56 78"})
    request_id = _db.session.scalar(select(DiagnosticRequest.id))
    other = make_user("artisan", email="autre@exemple.fr")
    other_business = make_business(other)
    _db.session.commit()
    client.post("/deconnexion")
    client.get("/")
    sign_in(client, other)
    for url in (f"/espace-artisan/diagnostic/{assessment_id}/plan", f"/espace-artisan/diagnostic/{assessment_id}/plan.pdf",
                f"/espace-artisan/diagnostic/{assessment_id}/partie/1",
                f"/espace-artisan/diagnostic/demandes/{request_id}", f"/espace-artisan/diagnostic/demande/{business.id}",
                "/espace-artisan/diagnostic/99999/plan"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/espace-artisan/diagnostic/commencer/{business.id}").status_code == 404
    assert client.get(f"/espace-artisan/diagnostic/demande/{other_business.id}").status_code == 200


# --- request, follow-up, reminders ------------------------------------------------------------------------------

def send(client, business, **data):
    values = {"need": "Trésorerie tendue depuis l’été, envie de vendre en ligne.", "contact_times": "le matin",
              "phone": "06 12 34 56 78"} | data
    return client.post(f"/espace-artisan/diagnostic/demande/{business.id}", data=values)


def test_request_is_checked_lands_in_the_chamber_queue_once_per_open_request(client, make_user, artisan, business):
    staff = make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF")
    sign_in(client, artisan)
    bad = send(client, business, need="", phone="abc")
    assert bad.status_code == 422
    page = text(bad)
    assert "Dites en quelques mots" in page and "numéro de téléphone n’est pas valide" in page
    assert 'value="le matin"' in page  # input kept
    assert "200 caractères au plus." in text(send(client, business, contact_times="x" * 300))
    response = send(client, business, need="<b>Besoin</b> urgent")
    assert response.status_code == 302
    assert _db.session.scalar(select(OutgoingMail).where(OutgoingMail.to == staff.email)) is not None
    page = text(client.get(response.headers["Location"]))
    assert "&lt;b&gt;Besoin&lt;/b&gt;" in page and "Nouvelle" in page
    again = client.get(f"/espace-artisan/diagnostic/demande/{business.id}")
    assert again.status_code == 302 and "/demandes/" in again.headers["Location"]
    assert _db.session.query(DiagnosticRequest).count() == 1


def test_advisor_takes_writes_closes_artisan_answers_dashboard_counts(client, make_user, artisan, business):
    staff = make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF", display_name="Karim Benali")
    outsider = make_user("staff", email="conseil@cma-bretagne.fr", chamber_code="BRE")
    sign_in(client, artisan)
    complete(client, business)
    send(client, business)
    req = _db.session.scalar(select(DiagnosticRequest))
    assert req.assessment_id is not None
    client.post("/deconnexion")
    sign_in(client, outsider)
    assert client.get(f"/moderation/diagnostics/{req.id}").status_code == 403
    assert client.post(f"/moderation/diagnostics/{req.id}/statut", data={"status": "taken"}).status_code == 403
    assert "Boulangerie Dupont" not in text(client.get("/moderation/diagnostics"))
    assert client.get("/moderation/diagnostics/99999").status_code == 404
    client.post("/deconnexion")
    sign_in(client, staff)
    assert "Boulangerie Dupont" in text(client.get("/moderation/diagnostics"))
    page = text(client.get(f"/moderation/diagnostics/{req.id}"))
    assert "Autodiagnostic joint" in page and "En progrès" in page
    assert client.post(f"/moderation/diagnostics/{req.id}/statut", data={"status": "taken"}).status_code == 302
    assert client.post(f"/moderation/diagnostics/{req.id}/note", data={"note": "Rappeler jeudi"}).status_code == 302
    assert client.post(f"/moderation/diagnostics/{req.id}/message",
                       data={"body": "Bonjour, je vous appelle jeudi à 9 h."}).status_code == 302
    no_outcome = client.post(f"/moderation/diagnostics/{req.id}/statut", data={"status": "closed"})
    assert no_outcome.status_code == 422 and "Choisissez l’issue" in text(no_outcome)
    assert client.post(f"/moderation/diagnostics/{req.id}/statut",
                       data={"status": "closed", "outcome": "support"}).status_code == 302
    _db.session.refresh(req)
    assert req.status == RequestStatus.CLOSED and req.assignee_id == staff.id
    assert req.first_contact_at is not None and req.taken_at and req.closed_at
    actions = set(_db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "diagnostic_request")))
    assert {"diagnostic.request", "diagnostic.status", "diagnostic.note", "diagnostic.message"} <= actions
    client.post("/deconnexion")
    sign_in(client, artisan)
    page = text(client.get(f"/espace-artisan/diagnostic/demandes/{req.id}"))
    assert "je vous appelle jeudi" in page and "Rappeler jeudi" not in page  # notes stay private
    assert "Ce diagnostic vous a-t-il été utile ?" in page
    assert client.post(f"/espace-artisan/diagnostic/demandes/{req.id}/avis", data={"satisfaction": "9"}).status_code == 422
    assert client.post(f"/espace-artisan/diagnostic/demandes/{req.id}/avis",
                       data={"satisfaction": "4", "comment": "Merci"}).status_code == 302
    assert "vous avez répondu « Très utile »" in text(client.get(f"/espace-artisan/diagnostic/demandes/{req.id}"))
    client.post("/deconnexion")
    sign_in(client, staff)
    response = client.get("/moderation/tableau-de-bord")
    page = text(response)
    assert response.status_code == 200, page[-3000:]
    assert "Diagnostics de relance" in page and "1</p><p class=\"label\">demande de diagnostic" in page
    assert "satisfaction moyenne sur 4 (1 avis)" in page and " : 1. </desc>" in page
    csv = client.get("/moderation/diagnostics/indicateurs.csv")
    body = csv.data.decode("utf-8-sig")
    assert "Issue « Accompagnement engagé »;1" in body and "Demandes de diagnostic;1" in body


def test_reminder_after_five_working_days_once_with_a_fixed_clock(app, runner, make_user, artisan, business):
    staff = make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF")
    req = DiagnosticRequest(business=business, user=artisan, departement=business.departement, need="Besoin",
                            phone="0612345678", created_at=datetime(2026, 4, 24, 9, tzinfo=timezone.utc))
    _db.session.add(req)
    _db.session.commit()

    def reminder_mails():
        return _db.session.query(OutgoingMail).filter(OutgoingMail.to == staff.email,
                                                      OutgoingMail.subject.like("Relance%")).count()

    result = runner.invoke(args=["diagnostics", "remind", "--now", "2026-05-01T10:00:00"])
    assert "Relances envoyées : 0" in result.output and reminder_mails() == 0
    result = runner.invoke(args=["diagnostics", "remind", "--now", "2026-05-04T10:00:00"])
    assert "Relances envoyées : 1" in result.output and reminder_mails() == 1
    runner.invoke(args=["diagnostics", "remind", "--now", "2026-05-05T10:00:00"])
    assert reminder_mails() == 1  # once


def test_no_reminder_once_the_artisan_was_contacted(app, runner, make_user, artisan, business):
    make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF")
    req = DiagnosticRequest(business=business, user=artisan, departement=business.departement, need="Besoin",
                            phone="0612345678", created_at=datetime(2026, 4, 24, 9, tzinfo=timezone.utc),
                            first_contact_at=datetime(2026, 4, 27, 9, tzinfo=timezone.utc))
    _db.session.add(req)
    _db.session.commit()
    assert "Relances envoyées : 0" in runner.invoke(args=["diagnostics", "remind", "--now", "2026-06-01"]).output


def test_demo_has_assessments_at_several_levels_and_requests_in_every_status_in_three_chambers(runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    from app.services.moderation.audit import chamber_code_of
    found = _db.session.scalars(select(DiagnosticRequest)).all()
    assert {r.status for r in found} == set(RequestStatus)
    assert len({chamber_code_of(r.departement) for r in found}) == 3
    levels = {s.level.level for a in _db.session.scalars(select(Assessment)) for s in score(a.answers)}
    assert levels == {1, 2, 3}
    count = len(found)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert _db.session.query(DiagnosticRequest).count() == count


def test_requests_csv_defuses_formulas_and_stays_in_the_territory(client, make_user, artisan, business):
    staff = make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF")
    outsider = make_user("staff", email="conseil@cma-bretagne.fr", chamber_code="BRE")
    sign_in(client, artisan)
    send(client, business, need="=HYPERLINK(\"http://exemple.fr\")")
    client.post("/deconnexion")
    sign_in(client, staff)
    body = client.get("/moderation/diagnostics/demandes.csv").data.decode("utf-8-sig")
    assert "Boulangerie Dupont" in body and "'=HYPERLINK" in body and ";=HYPERLINK" not in body
    assert _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.diagnostic_requests"))
    client.post("/deconnexion")
    sign_in(client, outsider)
    assert "Boulangerie Dupont" not in client.get("/moderation/diagnostics/demandes.csv").data.decode("utf-8-sig")
    assert client.get("/moderation/diagnostics/demandes.csv?chambre=IDF").status_code == 403


def _notices_to(address: str) -> list[OutgoingMail]:
    return list(_db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == address,
                                                               OutgoingMail.subject.like("Nouveau message%"))))


def test_the_conversation_is_a_shared_thread_checked_on_each_side_and_mailed_without_its_text(
        client, runner, make_user, artisan, business):
    from app.services.conversations import threads
    advisor = make_user("staff", email="conseil@cma-idf.fr", chamber_code="IDF", display_name="Karim Benali")
    colleague = make_user("staff", email="accueil@cma-idf.fr", chamber_code="IDF")
    outsider = make_user("staff", email="conseil@cma-bretagne.fr", chamber_code="BRE")
    stranger = make_user("artisan", email="autre@exemple.fr")
    sign_in(client, artisan)
    send(client, business)
    req = _db.session.scalar(select(DiagnosticRequest))
    page = f"/espace-artisan/diagnostic/demandes/{req.id}"
    assert "Votre message arrive dans la file des demandes de la chambre" in text(client.get(page))
    empty = client.post(page, data={"body": "   "})
    assert empty.status_code == 422 and "Le message est vide." in text(empty)
    written = client.post(page, data={"body": "Je suis joignable <b>le matin</b>."})
    assert written.status_code == 302 and written.headers["Location"].endswith(page + "#echanges")
    # Not assigned yet: everyone in the chamber is told, never with the text.
    for address in (advisor.email, colleague.email):
        notice = _notices_to(address)
        assert len(notice) == 1 and "le matin" not in notice[0].body_text and f"/moderation/diagnostics/{req.id}" in \
            notice[0].body_text
    assert _notices_to(outsider.email) == []
    client.post("/deconnexion")

    sign_in(client, stranger)
    assert client.post(page, data={"body": "Intrus"}).status_code == 404
    client.post("/deconnexion")
    sign_in(client, outsider)
    assert client.post(f"/moderation/diagnostics/{req.id}", data={"body": "Intrus"}).status_code == 403
    client.post("/deconnexion")

    sign_in(client, advisor)
    staff_page = f"/moderation/diagnostics/{req.id}"
    shown = text(client.get(staff_page))
    assert "Je suis joignable &lt;b&gt;le matin&lt;/b&gt;." in shown and "Échanges" in shown
    assert client.post(f"{staff_page}/statut", data={"status": "taken"}).status_code == 302
    refused = client.post(f"{staff_page}/statut", data={"status": "nowhere"})
    assert refused.status_code == 422 and "Je suis joignable" in text(refused)  # the thread stays on the page
    answer = client.post(staff_page, data={"body": "Je vous appelle jeudi à 9 h."})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(staff_page + "#echanges")
    assert client.post(staff_page, data={"body": "Et apportez vos derniers bilans."}).status_code == 302
    _db.session.refresh(req)
    assert req.first_contact_at is not None and req.assignee_id == advisor.id
    # One notice at once; the second message waits for `flask messages notify`, past MESSAGE_NOTICE_MINUTES.
    assert len(_notices_to(artisan.email)) == 1 and "jeudi" not in _notices_to(artisan.email)[0].body_text
    assert runner.invoke(args=["messages", "notify"]).output.startswith("0 ")
    later = (datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(minutes=61)).isoformat(timespec="minutes")
    assert runner.invoke(args=["messages", "notify", "--now", later]).output.startswith("1 ")
    assert len(_notices_to(artisan.email)) == 2
    assert "diagnostic.message" in set(_db.session.scalars(select(AuditEntry.action)))
    client.post("/deconnexion")

    sign_in(client, artisan)
    assert threads.unread_count(artisan) == 2
    mine = text(client.get(page))
    assert "Je vous appelle jeudi à 9 h." in mine and "2 nouveaux messages" in mine
    assert threads.unread_count(artisan) == 0
    assert client.post(f"/espace-artisan/diagnostic/demandes/{req.id}/message",  # the former address still works
                       data={"body": "Jeudi me va."}).status_code == 302
    assert threads.unread_count(advisor) == 1  # the advisor in charge, now told alone
    assert _notices_to(colleague.email) and len(_notices_to(colleague.email)) == 1
    exported = client.post("/compte/donnees/telecharger").get_json(force=True)
    bodies = {(m["about"], m["body"]) for m in exported["messages"]}
    assert ("diagnostic", "Je vous appelle jeudi à 9 h.") in bodies and ("diagnostic", "Jeudi me va.") in bodies
    assert [r["need"] for r in exported["diagnostic_requests"]] == [req.need]
    client.post("/deconnexion")

    sign_in(client, advisor)
    client.post(f"{staff_page}/statut", data={"status": "closed", "outcome": "advice"})
    closed = client.post(staff_page, data={"body": "Encore un mot"})
    assert closed.status_code == 409 and "la conversation est close" in text(closed)
    assert threads.unread_count(advisor) == 0
