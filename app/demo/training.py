"""Demo training businesses in three régions (one verified by its chamber), a spontaneous application answered,
and favourites; idempotent like the rest of the demo."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models.conversation import Side
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.models.training import Favourite, SpontaneousApplication
from app.models.user import User
from app.services.businesses.profiles import business_by_siret
from app.services.training import favourites, profiles, spontaneous

TRAINING = {
    "52601815500006": {"trades": ["boulanger"], "diplomas": ["CAP", "BP"], "mentor_first_name": "Marie",
                       "mentor_role": "gérante, boulangère depuis 20 ans", "places": 1},  # Paris 11e
    "90830166600008": {"trades": ["ebeniste"], "diplomas": ["CAP", "BMA"], "mentor_first_name": "Yann",
                       "mentor_role": "ébéniste, fondateur de l’atelier", "places": 1,
                       "start_from": date(2027, 9, 1)},  # Rennes
    "13186091800005": {"trades": ["patissier", "chocolatier"], "diplomas": ["CAP", "BP", "CS"],
                       "mentor_first_name": "Sophie", "mentor_role": "cheffe pâtissière", "places": 2},  # Lyon 3e
}
VERIFIED = {"13186091800005": "conseiller.ara@passerelle-demo.fr"}
SPONTANEOUS = (
    ("yanis.haddad@passerelle-demo.fr", "52601815500006", "boulanger", "CAP",
     "Bonjour Madame Dupont, j’habite dans le 20e et je fais du pain chez moi depuis deux ans. Je voudrais préparer "
     "le CAP Boulanger en apprentissage dans un fournil au levain comme le vôtre.",
     "Bonjour Yanis, merci pour votre message. Passez au fournil samedi vers 14 h, nous en parlerons autour du "
     "pétrin."),
    ("lea.martin@passerelle-demo.fr", "13186091800005", "chocolatier", "CS",
     "Bonjour, après mon CAP Pâtissier je voudrais me spécialiser en chocolaterie. Votre atelier forme au "
     "certificat de spécialisation : pourrais-je vous rencontrer ?",
     "Bonjour Léa, avec plaisir : nous ouvrons une place en septembre. Passez jeudi à 16 h au laboratoire."),
)
FAVOURITES = ("lea.martin@passerelle-demo.fr", 2)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=email))


def load_training() -> int:
    """Create what is missing; return how many records were created."""
    created = 0
    for siret, fields in TRAINING.items():
        business = business_by_siret(siret)
        if business is None or business.owner is None or profiles.profile_of(business) is not None:
            continue
        profile = profiles.save_profile(business, business.owner, **fields)
        created += 1
        if siret in VERIFIED and (staff := _user(VERIFIED[siret])):
            profiles.verify(profile, staff)
    created += _load_spontaneous() + _load_favourites()
    return created


def _load_spontaneous() -> int:
    created = 0
    for email, siret, trade, diploma, message, answer in SPONTANEOUS:
        candidate, business = _user(email), business_by_siret(siret)
        if candidate is None or business is None or db.session.scalar(
                select(SpontaneousApplication).filter_by(candidate_id=candidate.id, business_id=business.id)):
            continue
        application = spontaneous.send(business, candidate, trade=trade, diploma=diploma, start_from=None,
                                       message=message)
        spontaneous.post(application, Side.OWNER, answer, author=business.owner)
        created += 1
    return created


def _load_favourites() -> int:
    email, count = FAVOURITES
    user = _user(email)
    if user is None or db.session.scalar(select(Favourite).filter_by(user_id=user.id)):
        return 0
    offers = db.session.scalars(select(Listing).where(Listing.type == "offer", Listing.status.in_(PUBLIC))
                                .order_by(Listing.id).limit(count))
    kept = 0
    for offer in offers:
        favourites.toggle(user, offer.id)
        kept += 1
    return kept
