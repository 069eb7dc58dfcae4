"""Reference vocabularies of the craft sector: trades, diplomas, contracts, commitments and project terms."""
import enum
from dataclasses import dataclass

from app.core.text import fold


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry their French label: `MEMBER = "value", "Libellé"`."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a form's select field, in declaration order."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def lookup(cls, text: str | None):
        """Return the member whose value or label matches `text` ignoring case and accents, or None."""
        key = fold(text)
        return next((m for m in cls if key in (fold(m.value), fold(m.label))), None) if key else None


# --- Trades ---------------------------------------------------------------------------------------------------

class TradeFamily(LabelledEnum):
    """The families of artisan trades."""

    ALIMENTATION = "alimentation", "Alimentation"
    BATIMENT = "batiment", "Bâtiment"
    SERVICES = "services", "Services"
    FABRICATION = "fabrication", "Fabrication et métiers d’art"
    AUTOMOBILE = "automobile", "Automobile et mobilité"


@dataclass(frozen=True)
class Trade:
    """An artisan trade: stable code (slug), French label, ROME 4.60 code and label, family, schema.org type."""

    code: str
    label: str
    rome: str  # ROME 4.60 code (France Travail), checked against app/reference/data/rome_v460.csv
    rome_label: str  # the code's libellé in ROME 4.60
    family: TradeFamily
    schema_type: str = "LocalBusiness"  # the schema.org LocalBusiness subtype of a business of this trade


_F = TradeFamily
# The code is the stable identifier stored in the database: never change it, even if the label changes.
# ROME: version 4.60 of the Répertoire opérationnel des métiers et des emplois (France Travail, Licence Ouverte).
TRADES: tuple[Trade, ...] = (
    Trade("boulanger", "Boulanger", "D1102", "Boulanger / Boulangère", _F.ALIMENTATION, "Bakery"),
    Trade("patissier", "Pâtissier", "D1104", "Pâtissier / Pâtissière", _F.ALIMENTATION, "Bakery"),
    Trade("boucher", "Boucher", "D1101", "Boucher / Bouchère", _F.ALIMENTATION, "Store"),
    Trade("charcutier-traiteur", "Charcutier-traiteur", "D1103", "Charcutier-traiteur / Charcutière-traiteuse",
          _F.ALIMENTATION, "Store"),
    Trade("chocolatier", "Chocolatier", "D1115", "Chocolatier / Chocolatière", _F.ALIMENTATION, "Store"),
    Trade("glacier", "Glacier", "D1118", "Glacier / Glacière", _F.ALIMENTATION, "IceCreamShop"),
    Trade("poissonnier", "Poissonnier", "D1105", "Poissonnier / Poissonnière", _F.ALIMENTATION, "Store"),
    Trade("fromager", "Fromager", "D1106", "Vendeur / Vendeuse en épicerie", _F.ALIMENTATION, "Store"),
    Trade("traiteur", "Traiteur", "D1103", "Charcutier-traiteur / Charcutière-traiteuse",
          _F.ALIMENTATION, "FoodEstablishment"),
    Trade("coiffeur", "Coiffeur", "D1202", "Coiffeur / Coiffeuse", _F.SERVICES, "HairSalon"),
    Trade("estheticien", "Esthéticien", "D1208", "Esthéticien / Esthéticienne", _F.SERVICES, "BeautySalon"),
    Trade("fleuriste", "Fleuriste", "D1209", "Fleuriste", _F.SERVICES, "Florist"),
    Trade("toiletteur", "Toiletteur", "A1503", "Toiletteur / Toiletteuse d'animaux", _F.SERVICES, "LocalBusiness"),
    Trade("photographe", "Photographe", "E1201", "Photographe", _F.SERVICES, "LocalBusiness"),
    Trade("cordonnier", "Cordonnier", "D1206", "Cordonnier / Cordonnière", _F.SERVICES, "LocalBusiness"),
    Trade("plombier-chauffagiste", "Plombier-chauffagiste", "F1603", "Plombier / Plombière sanitaire",
          _F.BATIMENT, "Plumber"),
    Trade("electricien", "Électricien", "F1602", "Electricien / Electricienne du bâtiment", _F.BATIMENT, "Electrician"),
    Trade("menuisier", "Menuisier", "H2206", "Menuisier / Menuisière", _F.BATIMENT, "GeneralContractor"),
    Trade("charpentier", "Charpentier", "F1503", "Charpentier / Charpentière", _F.BATIMENT, "GeneralContractor"),
    Trade("macon", "Maçon", "F1703", "Maçon / Maçonne", _F.BATIMENT, "GeneralContractor"),
    Trade("couvreur", "Couvreur", "F1619", "Couvreur / Couvreuse", _F.BATIMENT, "RoofingContractor"),
    Trade("peintre-en-batiment", "Peintre en bâtiment", "F1606", "Peintre en bâtiment", _F.BATIMENT, "HousePainter"),
    Trade("carreleur", "Carreleur", "F1608", "Carreleur / Carreleuse", _F.BATIMENT, "GeneralContractor"),
    Trade("platrier-plaquiste", "Plâtrier-plaquiste", "F1601", "Plâtrier / Plâtrière",
          _F.BATIMENT, "GeneralContractor"),
    Trade("serrurier-metallier", "Serrurier-métallier", "H2911", "Métallier / Métallière", _F.BATIMENT, "Locksmith"),
    Trade("tailleur-de-pierre", "Tailleur de pierre", "F1612", "Tailleur / Tailleuse de pierre",
          _F.BATIMENT, "GeneralContractor"),
    Trade("mecanicien-automobile", "Mécanicien automobile", "I1604", "Mécanicien / Mécanicienne automobile",
          _F.AUTOMOBILE, "AutoRepair"),
    Trade("carrossier", "Carrossier", "I1606", "Carrossier-peintre / Carrossière-peintre",
          _F.AUTOMOBILE, "AutoBodyShop"),
    Trade("mecanicien-cycles", "Mécanicien cycles et motocycles", "I1607", "Mécanicien / Mécanicienne motocycles",
          _F.AUTOMOBILE, "MotorcycleRepair"),
    Trade("ebeniste", "Ébéniste", "H2207", "Ebéniste", _F.FABRICATION, "FurnitureStore"),
    Trade("bijoutier-joaillier", "Bijoutier-joaillier", "B1605", "Bijoutier / Bijoutière",
          _F.FABRICATION, "JewelryStore"),
    Trade("horloger", "Horloger", "B1604", "Horloger / Horlogère", _F.FABRICATION, "Store"),
    Trade("tapissier-d-ameublement", "Tapissier d'ameublement", "B1806", "Tapissier / Tapissière d'ameublement",
          _F.FABRICATION, "LocalBusiness"),
    Trade("couturier", "Couturier", "B1803", "Couturier / Couturière", _F.FABRICATION, "LocalBusiness"),
    Trade("prothesiste-dentaire", "Prothésiste dentaire", "J1410", "Prothésiste dentaire",
          _F.FABRICATION, "LocalBusiness"),
    Trade("luthier", "Luthier", "B1505", "Luthier / Luthière", _F.FABRICATION, "MusicStore"),
    Trade("ceramiste", "Céramiste", "B1201", "Céramiste", _F.FABRICATION, "Store"),
    Trade("verrier", "Verrier", "B1602", "Souffleur / Souffleuse de verre", _F.FABRICATION, "Store"),
    Trade("relieur", "Relieur", "B1402", "Relieur / Relieuse d'art", _F.FABRICATION, "LocalBusiness"),
    Trade("sellier", "Sellier", "B1809", "Sellier / Sellière", _F.FABRICATION, "LocalBusiness"),
    Trade("maroquinier", "Maroquinier", "B1802", "Maroquinier / Maroquinière", _F.FABRICATION, "Store"),
    Trade("ferronnier-d-art", "Ferronnier d’art", "B1601", "Métallier / Métallière d'art",
          _F.FABRICATION, "LocalBusiness"),
)

_BY_CODE = {trade.code: trade for trade in TRADES}
_BY_FOLDED = {fold(trade.label): trade for trade in TRADES} | {fold(trade.code): trade for trade in TRADES}
TRADE_CHOICES: list[tuple[str, str]] = sorted(((t.code, t.label) for t in TRADES), key=lambda pair: fold(pair[1]))


# Words people type for a trade besides its label: the trade's shop or craft, the other gender, a job of the
# same shop. Indexed with the trade's label, so that « coiffure » or « vendeuse en boulangerie » find the trade.
TRADE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "boulanger": ("boulangerie", "boulangère", "vendeuse en boulangerie", "vendeur en boulangerie", "fournil"),
    "patissier": ("pâtisserie", "pâtissière", "vendeuse en pâtisserie", "vendeur en pâtisserie"),
    "boucher": ("boucherie", "bouchère", "vendeuse en boucherie", "vendeur en boucherie"),
    "charcutier-traiteur": ("charcuterie", "charcutière"),
    "chocolatier": ("chocolaterie", "chocolatière", "confiserie", "confiseur"),
    "glacier": ("glacière", "glaces", "sorbets"),
    "poissonnier": ("poissonnerie", "poissonnière", "marée"),
    "fromager": ("fromagerie", "fromagère", "crèmerie"),
    "traiteur": ("cuisine", "cuisinier", "cuisinière", "restauration"),
    "coiffeur": ("coiffure", "coiffeuse", "barbier", "salon de coiffure"),
    "estheticien": ("esthéticienne", "esthétique", "institut de beauté", "soins"),
    "fleuriste": ("fleurs", "art floral"),
    "toiletteur": ("toiletteuse", "toilettage"),
    "photographe": ("photographie", "photo"),
    "cordonnier": ("cordonnerie", "cordonnière"),
    "plombier-chauffagiste": ("plomberie", "chauffage", "plombier", "chauffagiste", "sanitaire"),
    "electricien": ("électricité", "électricienne"),
    "menuisier": ("menuiserie", "menuisière"),
    "charpentier": ("charpente", "charpentière"),
    "macon": ("maçonnerie", "maçonne", "gros œuvre"),
    "couvreur": ("couverture", "toiture", "zingueur", "couvreuse"),
    "peintre-en-batiment": ("peinture", "peintre", "décoration"),
    "carreleur": ("carrelage", "carreleuse"),
    "platrier-plaquiste": ("plâtrerie", "plâtrier", "plaquiste", "plaquisterie"),
    "serrurier-metallier": ("serrurerie", "métallerie", "serrurier", "métallier"),
    "tailleur-de-pierre": ("taille de pierre", "pierre"),
    "mecanicien-automobile": ("mécanique automobile", "garage", "garagiste", "mécanicienne"),
    "carrossier": ("carrosserie", "carrossière", "peintre automobile"),
    "mecanicien-cycles": ("vélo", "cycles", "moto", "motocycles"),
    "ebeniste": ("ébénisterie", "meubles"),
    "bijoutier-joaillier": ("bijouterie", "joaillerie", "bijoutière"),
    "horloger": ("horlogerie", "horlogère"),
    "tapissier-d-ameublement": ("tapisserie", "tapissière", "sièges"),
    "couturier": ("couture", "couturière", "retouches"),
    "prothesiste-dentaire": ("prothèse dentaire", "prothésiste"),
    "luthier": ("lutherie", "luthière"),
    "ceramiste": ("céramique", "poterie", "potier"),
    "verrier": ("verrerie", "vitrail", "verrière"),
    "relieur": ("reliure", "relieuse"),
    "sellier": ("sellerie", "sellière"),
    "maroquinier": ("maroquinerie", "maroquinière"),
    "ferronnier-d-art": ("ferronnerie", "ferronnière", "forge"),
}


def trade_search_words(code: str | None) -> str:
    """The label of a trade followed by its synonyms, as the search index reads them ("" when unknown)."""
    trade = get_trade(code)
    return " · ".join((trade.label, *TRADE_SYNONYMS.get(trade.code, ()))) if trade else ""


def get_trade(code: str | None) -> Trade | None:
    """Return the trade with this code, or None."""
    return _BY_CODE.get(code or "")


def find_trade(text: str | None) -> Trade | None:
    """Return the trade whose label (or code) matches `text` ignoring case and accents, or None."""
    return _BY_FOLDED.get(fold(text))


def trade_label(code: str | None) -> str:
    """French label of a trade code ("" when unknown), for templates."""
    trade = get_trade(code)
    return trade.label if trade else ""


# --- Diplomas and contracts ------------------------------------------------------------------------------------

class Diploma(LabelledEnum):
    """Diplomas prepared in apprenticeship; the value is the short name used by the import."""

    CAP = "CAP", "CAP – Certificat d’aptitude professionnelle"
    BP = "BP", "BP – Brevet professionnel"
    BTM = "BTM", "BTM – Brevet technique des métiers"
    BAC_PRO = "Bac pro", "Bac pro – Baccalauréat professionnel"
    BTS = "BTS", "BTS – Brevet de technicien supérieur"
    BM = "BM", "BM – Brevet de maîtrise"
    BTMS = "BTMS", "BTMS – Brevet technique des métiers supérieur"
    BMA = "BMA", "BMA – Brevet des métiers d’art"
    CTM = "CTM", "CTM – Certificat technique des métiers"
    CS = "CS", "CS – Certificat de spécialisation"
    TITRE_PRO = "Titre professionnel", "Titre professionnel"

    @classmethod
    def lookup(cls, text: str | None):
        """The member matching `text` by value or label; the former « mention complémentaire » (MC) gives CS."""
        return super().lookup(text) or (cls.CS if fold(text) in _CS_NAMES else None)


# The mention complémentaire became the certificat de spécialisation from the 2025 session (reform of the vocational
# path): the import and the search still accept the former name (MC) and store CS.
_CS_NAMES = frozenset(map(fold, ("MC", "Mention complémentaire", "MC – Mention complémentaire",
                                 "Certificat de spécialisation")))

# Levels of the national framework of certifications (décret n° 2019-14 du 8 janvier 2019): the first one is the
# default; a certificat de spécialisation exists at levels 3 and 4, a titre professionnel from level 3 to 6.
DIPLOMA_LEVELS: dict[Diploma, tuple[int, ...]] = {
    Diploma.CAP: (3,),
    Diploma.BP: (4,),
    Diploma.BTM: (4,),
    Diploma.BAC_PRO: (4,),
    Diploma.BTS: (5,),
    Diploma.BM: (5,),
    Diploma.BTMS: (5,),
    Diploma.BMA: (4,),
    Diploma.CTM: (3,),
    Diploma.CS: (3, 4),
    Diploma.TITRE_PRO: (3, 4, 5, 6),
}
LEVEL_LABELS = {3: "Niveau 3 (CAP)", 4: "Niveau 4 (bac)", 5: "Niveau 5 (bac + 2)", 6: "Niveau 6 (bac + 3)",
                7: "Niveau 7 (bac + 5)"}


def default_level(diploma: str | Diploma) -> int:
    """The usual level of a diploma (the first of its allowed levels)."""
    return DIPLOMA_LEVELS[Diploma(diploma)][0]


class Contract(LabelledEnum):
    """Work-study contracts."""

    APPRENTISSAGE = "apprentissage", "Contrat d’apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"


# --- Business commitments --------------------------------------------------------------------------------------

class Commitment(LabelledEnum):
    """Local and responsible commitments an artisan may claim; the slugs are used by the import (`labels`)."""

    CIRCUIT_COURT = "circuit-court", "Circuit court"
    MATERIAUX_LOCAUX = "materiaux-locaux", "Matériaux locaux ou biosourcés"
    REPARATION = "reparation-reemploi", "Réparation et réemploi"
    SOBRIETE = "sobriete-energetique", "Sobriété énergétique"
    FABRICATION_FRANCAISE = "fabrication-francaise", "Fabrication française"
    ACCUEIL_APPRENTIS = "accueil-apprentis", "Accueil d’apprentis"
    ZERO_DECHET = "zero-dechet", "Zéro déchet et économie circulaire"
    PRODUITS_BIO = "produits-bio", "Produits biologiques"
    SAVOIR_FAIRE = "savoir-faire", "Transmission de savoir-faire"
    INCLUSION = "inclusion", "Emploi inclusif"


# --- Innovation projects ---------------------------------------------------------------------------------------

class ProjectCategory(LabelledEnum):
    """What an innovation project is about."""

    NUMERIQUE = "numerique", "Numérique"
    ECO_CONCEPTION = "eco-conception", "Éco-conception"
    NOUVEAU_PRODUIT = "nouveau-produit", "Nouveau produit"
    NOUVEAU_MARCHE = "nouveau-marche", "Nouveau marché ou export"
    OUTIL_PROCEDE = "outil-procede", "Outil ou procédé"
    TRANSMISSION = "transmission", "Transmission de savoir-faire"
    AUTRE = "autre", "Autre"


class ProjectStage(LabelledEnum):
    """How far an innovation project has gone."""

    IDEE = "idee", "Idée"
    PROTOTYPE = "prototype", "Prototype"
    LANCEMENT = "lancement", "Lancement"


class PartnerType(LabelledEnum):
    """Kinds of partners a project looks for; the slugs are used by the import (`partner_types`)."""

    DESIGNER = "designer", "Designer"
    LABORATOIRE = "laboratoire", "Laboratoire ou école"
    ETUDIANTS = "etudiants", "Étudiants"
    ARTISAN = "artisan", "Autre artisan"
    FINANCEUR = "financeur", "Financeur"
    DISTRIBUTEUR = "distributeur", "Distributeur"
    NUMERIQUE = "numerique", "Prestataire numérique"
    AUTRE = "autre", "Autre"
