"""Logo uploads: real images are accepted and resized, anything else is refused in French."""
import os
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from app.extensions import db
from app.models import Business
from tests.factories import make_business


def png(width: int, height: int, exif: bool = False) -> BytesIO:
    """An in-memory PNG."""
    buffer = BytesIO()
    image = Image.new("RGB", (width, height), (200, 120, 40))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Appareil secret"  # Make
        options["exif"] = data
    image.save(buffer, "PNG", **options)
    buffer.seek(0)
    return buffer


@pytest.fixture
def artisan_business(make_user, login):
    """A signed-in artisan's business."""
    user = make_user("artisan")
    login(user.email)
    return make_business(user, name="Atelier Logo")


def upload(client, business, file, filename):
    """Post the business form with a logo."""
    data = {"name": business.name, "postcode": business.postcode, "commune": business.commune_insee,
            "logo": (file, filename)}
    return client.post(f"/espace-artisan/entreprises/{business.id}/modifier", data=data,
                       content_type="multipart/form-data", follow_redirects=True)


def test_real_png_is_accepted_resized_and_served(client, app, artisan_business):
    response = upload(client, artisan_business, png(1600, 1200, exif=True), "logo.png")
    assert "Profil de l’entreprise mis à jour." in response.text
    business = db.session.get(Business, artisan_business.id)
    assert business.logo_path and business.logo_path.endswith(".webp") and "logo" not in business.logo_path
    stored = Path(app.config["UPLOAD_DIR"]) / "images" / business.logo_path
    with Image.open(stored) as image:
        assert image.format == "WEBP" and image.size == (800, 600)
        assert not image.info.get("exif")
    served = client.get(f"/medias/{business.logo_path}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/entreprises/{business.slug}")
    assert f"/medias/{business.logo_path}" in page.text
    # A new logo replaces the old file.
    upload(client, business, png(100, 100), "autre.png")
    assert not stored.exists()


def test_text_file_renamed_png_is_refused(client, artisan_business):
    response = upload(client, artisan_business, BytesIO(b"Ceci n'est pas une image." * 10), "logo.png")
    assert response.status_code == 422
    assert "Ce fichier n’est pas une image JPEG, PNG ou WebP valide." in response.text
    assert db.session.get(Business, artisan_business.id).logo_path is None


def test_oversized_image_is_refused(client, artisan_business):
    response = upload(client, artisan_business, png(6000, 5000), "immense.png")
    assert response.status_code == 422
    assert "Cette image est trop grande" in response.text
    assert db.session.get(Business, artisan_business.id).logo_path is None


def test_too_heavy_file_is_refused(client, app, artisan_business):
    app.config["IMAGE_MAX_BYTES"] = 1000
    noise = BytesIO()
    Image.frombytes("RGB", (100, 100), os.urandom(30000)).save(noise, "PNG")  # noise does not compress
    noise.seek(0)
    response = upload(client, artisan_business, noise, "lourd.png")
    assert response.status_code == 422
    assert "Cette image est trop lourde" in response.text


def test_only_generated_names_are_served(client):
    assert client.get("/medias/..%2Fpasserelle.db").status_code == 404
    assert client.get("/medias/" + "0" * 32 + ".webp").status_code == 404
