"""Demo storefronts: hours, phone, offerings, photos and links of the owned businesses in three régions, a verified
label, a declared one waiting for the chamber and an expired one."""
import io
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.core.time import today, utcnow
from app.core.transaction import use_case
from app.demo.activity import demo_cv
from app.extensions import db
from app.models.label import BusinessLabel, LabelStatus
from app.services.businesses.profiles import business_by_siret
from app.services.storefronts import labels, storefront

WEEK = {f"hours_{i}": hours for i, hours in enumerate(
    ["", "7h-13h30, 15h30-20h", "7h-13h30, 15h30-20h", "7h-13h30, 15h30-20h", "7h-13h30, 15h30-20h", "7h-20h",
     "7h30-13h"])}
STOREFRONTS = {
    "52601815500006": {  # Boulangerie Dupont, Paris 11e
        "fields": {**WEEK, "public_phone": "01 43 55 12 34", "offerings": "Pain au levain\nBaguette de tradition\n"
                   "Viennoiseries pur beurre\nGâteaux de fête sur commande",
                   "shop_url": "https://commande.boulangerie-dupont.example/",
                   "reviews_url": "https://avis.boulangerie-dupont.example/"},
        "photos": [("Le fournil et son four à bois", (176, 98, 42)), ("La vitrine des viennoiseries", (214, 170, 90)),
                   ("Baguettes de tradition à la sortie du four", (150, 110, 60))],
        "verified": "fait-maison", "declared": None, "expired": None,
    },
    "90830166600008": {  # Atelier Kerbrat, Rennes
        "fields": {"hours_0": "8h-12h, 13h30-18h", "hours_1": "8h-12h, 13h30-18h", "hours_2": "8h-12h, 13h30-18h",
                   "hours_3": "8h-12h, 13h30-18h", "hours_4": "8h-12h, 13h30-17h", "public_phone": "02 99 30 45 67",
                   "offerings": "Mobilier sur mesure en bois local\nRestauration de meubles anciens",
                   "areas_served": "Rennes et 40 km autour, pose à domicile",
                   "booking_url": "https://rendez-vous.atelier-kerbrat.example/"},
        "photos": [("L’établi de l’atelier et les outils de l’ébéniste", (120, 84, 50))],
        "verified": None, "declared": None, "expired": "artisan-d-art",
    },
    "13186091800005": {  # Pâtisserie Berthier, Lyon 3e
        "fields": {**WEEK, "public_phone": "04 78 60 11 22",
                   "offerings": "Entremets\nMacarons\nPièces montées sur commande"},
        "photos": [("Entremets aux fruits rouges en vitrine", (190, 60, 80)), ("Macarons de toutes les couleurs",
                                                                               (230, 150, 180))],
        "verified": None, "declared": "maitre-artisan", "expired": None,
    },
}


def _photo(color: tuple[int, int, int]) -> FileStorage:
    """A plain demo picture (a coloured field with a lighter band), as an upload."""
    image = Image.new("RGB", (800, 600), color)
    ImageDraw.Draw(image).rectangle((0, 420, 800, 600), fill=tuple(min(255, c + 50) for c in color))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return FileStorage(stream=buffer, filename="photo.jpg", content_type="image/jpeg")


def _label(business, code: str, status: LabelStatus, expires_in_days: int | None) -> None:
    """A demo mark declared with a proof, then verified until a date when asked."""
    if db.session.scalar(select(BusinessLabel).where(BusinessLabel.business_id == business.id,
                                                     BusinessLabel.code == code)):
        return
    label = labels.declare(business, code, demo_cv("attestation"))
    if status == LabelStatus.VERIFIED:
        _verified_a_month_ago(label, today() + timedelta(days=expires_in_days))


@use_case
def _verified_a_month_ago(label: BusinessLabel, expires_on) -> None:
    """Mark a demo label as verified by the chamber a month ago, until `expires_on` (in the past for an expired one)."""
    label.status, label.verified_at, label.expires_on = LabelStatus.VERIFIED, utcnow() - timedelta(days=30), expires_on


def load_storefronts() -> int:
    """Fill the demo storefronts not yet filled; return how many were."""
    created = 0
    for siret, demo in STOREFRONTS.items():
        business = business_by_siret(siret)
        if business is None or business.opening_hours:
            continue
        storefront.save_storefront(business, demo["fields"])
        for alt, color in demo["photos"]:
            storefront.add_photo(business, _photo(color), alt)
        if demo["verified"]:
            _label(business, demo["verified"], LabelStatus.VERIFIED, 365)
        if demo["declared"]:
            _label(business, demo["declared"], LabelStatus.DECLARED, None)
        if demo["expired"]:  # verified until yesterday: shown as declared; `flask labels expire` settles it
            _label(business, demo["expired"], LabelStatus.VERIFIED, -1)
        created += 1
    return created
