"""Helpers for the application, upload, inbox, interest and notification tests: PDFs, candidates, offers."""
from datetime import date
from io import BytesIO

from werkzeug.datastructures import FileStorage

from app.core.time import utcnow
from app.services.responses import applications
from app.services.responses import candidate_profiles as candidates
from tests.factories import make_business, make_offer, make_project

PASSWORD = "correct horse battery staple"
PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>"
       b"\nendobj\nxref\n0 3\ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n")


def pdf_bytes(size: int | None = None) -> bytes:
    """A small structurally complete PDF, padded with a comment to `size` bytes when given."""
    if size is None or size <= len(PDF):
        return PDF
    head, tail = PDF.split(b"xref\n", 1)
    padding = b"%" + b"x" * (size - len(PDF) - 2) + b"\n"
    return head + padding + b"xref\n" + tail


def pdf_upload(data: bytes = PDF, name: str = "cv.pdf") -> FileStorage:
    """An uploaded file as the services receive it."""
    return FileStorage(stream=BytesIO(data), filename=name, content_type="application/pdf")


def years_ago(years: int, days: int = 10) -> date:
    """A birth date `years` years (and a few days) before today."""
    today = utcnow().date()
    born = today.replace(year=today.year - years) if not (today.month == 2 and today.day == 29) else \
        today.replace(year=today.year - years, day=28)
    return date.fromordinal(born.toordinal() - days)


PROFILE = {"first_name": "Léa", "last_name": "Martin", "postcode": "75011", "travel_radius_km": 20,
           "trades": ["boulanger"], "diploma": "CAP", "available_from": None,
           "presentation": "J’aime le pain au levain."}


def make_candidate(make_user, with_cv: bool = True, age: int = 19, email: str | None = None, **fields):
    """An apprentice account with a profile (and a CV on it)."""
    user = make_user("apprentice", email=email)
    candidates.save_profile(user, cv_upload=pdf_upload() if with_cv else None,
                            **{**PROFILE, "birth_date": years_ago(age), **fields})
    return user


def make_artisan_offer(make_user, status: str = "published", questions=None, owner: bool = True, **fields):
    """An artisan (or None for an imported business) and one of their offers in `status`."""
    artisan = make_user("artisan") if owner else None
    business = make_business(artisan)
    if artisan is None:  # create_offer needs an owner: build it owned, then release the business
        helper = make_user("artisan")
        business.owner = helper
        offer = make_offer(business, status, questions=questions or [], **fields)
        business.owner = None
        from app.extensions import db

        db.session.commit()
        return None, offer
    return artisan, make_offer(business, status, questions=questions or [], **fields)


def make_artisan_project(make_user, status: str = "published", **fields):
    """An artisan and one of their projects in `status`."""
    artisan = make_user("artisan")
    return artisan, make_project(make_business(artisan), status, **fields)


def apply_to(offer, candidate, message: str = "Je suis motivée et disponible.", answers=None, cv=None):
    """Apply through the service."""
    return applications.apply(offer, candidate, message=message, answers=answers, cv_upload=cv)


def sign_in(app, user, password: str = PASSWORD):
    """A new client signed in as `user`."""
    client = app.test_client()
    response = client.post("/connexion", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
