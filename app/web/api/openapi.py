"""The OpenAPI 3.0 description of the public API, written by hand to match CONTRACT.md."""
from __future__ import annotations

from typing import Any

from app.reference.trades import Diploma, PartnerType
from app.search import DEFAULT_PER_PAGE, DEFAULT_RADIUS_KM, FALSE, MAX_PAGE, MAX_PER_PAGE, SORTS, TRUE

NULLABLE_STRING = {"type": "string", "nullable": True}
# The largest id of an INTEGER primary key on PostgreSQL: the ids a listing can have.
MAX_ID = 2**31 - 1


def _any_case(words: set[str]) -> str:
    """A pattern matching exactly these words whatever their case (JSON Schema patterns have no flags)."""
    alternatives = sorted("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)
                          for word in words if word)
    return f"^({'|'.join(alternatives)})?$"


def _param(name: str, description: str, schema: dict[str, Any], repeated: bool = False) -> dict[str, Any]:
    if repeated:
        return {"name": name, "in": "query", "description": description, "required": False,
                "schema": {"type": "array", "items": schema}, "style": "form", "explode": True}
    return {"name": name, "in": "query", "description": description, "required": False, "schema": schema}


SEARCH_PARAMETERS = [
    _param("q", "Texte libre (vide : tout). Toute chaîne est acceptée ; seuls ses 500 premiers caractères comptent.",
           {"type": "string"}),
    _param("type", "Type d’annonce (vide : les deux).", {"type": "string", "enum": ["offer", "project", ""]}),
    _param("trade", "Métier (code ou libellé, sans tenir compte des accents ni de la casse) ; répétable, valeurs "
                    "combinées par OU. Un métier inconnu répond 400.", {"type": "string"}, repeated=True),
    _param("diploma", "Diplôme préparé ; répétable (une valeur vide est ignorée). « MC » (l’ancienne mention "
                      "complémentaire) vaut « CS » (certificat de spécialisation).",
           {"type": "string", "enum": [d.value for d in Diploma] + ["MC", ""]}, repeated=True),
    _param("departement", "Code de département (« 69 », « 2A », « 974 ») ; répétable. Un département inconnu répond "
                          "400.", {"type": "string"}, repeated=True),
    _param("partner_type", "Type de partenaire recherché par un projet ; répétable, valeurs combinées par OU (une "
                           "valeur vide est ignorée).",
           {"type": "string", "enum": [p.value for p in PartnerType] + [""]}, repeated=True),
    _param("near", "Code postal ou code commune INSEE du centre de la recherche (vide : partout) ; un code inconnu "
                   "répond 400.", {"type": "string", "pattern": "^([0-9AB]{5})?$"}),
    _param("radius_km", "Rayon autour de near, en kilomètres.",
           {"type": "number", "minimum": 1, "maximum": 200, "default": DEFAULT_RADIUS_KM}),
    _param("highlighted", "1 : seulement les entreprises locales et responsables (aussi true, oui, on, yes ; 0, "
                          "false, non, off, no ou vide : toutes).",
           {"type": "string", "pattern": _any_case(TRUE | FALSE)}),
    _param("sort", "Tri : pertinence, date (plus récentes d’abord) ou distance (nécessite near) ; vide : pertinence.",
           {"type": "string", "enum": [*SORTS, ""], "default": "relevance"}),
    _param("page", "Numéro de page, à partir de 1.",
           {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    _param("per_page", "Résultats par page.",
           {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}),
]

# GET /apprentice-pay (app/web/api/law_routes.py): an empty on or departement is ignored.
APPRENTICE_PAY_PARAMETERS = [
    {**_param("age", "Âge de l’apprenti, en années (15 à 99).", {"type": "integer", "minimum": 15, "maximum": 99}),
     "required": True},
    {**_param("year", "Année du contrat (1 à 3).", {"type": "integer", "minimum": 1, "maximum": 3}), "required": True},
    _param("on", "Date du calcul, AAAA-MM-JJ (vide ou absent : aujourd’hui). Une date impossible, ou antérieure aux "
                 "données du SMIC (2019, Mayotte : 1er novembre 2024), répond 400.",
           {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}),
    _param("departement", "Département de l’entreprise : 976 utilise le SMIC de Mayotte (vide : national). Un "
                          "département inconnu répond 400.", {"type": "string"}),
]

COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}

SCHEMAS: dict[str, Any] = {
    "Business": {"type": "object", "required": ["name", "siret", "commune", "postcode", "departement",
                                                "highlighted"],
                 "properties": {"name": {"type": "string"}, "siret": {"type": "string", "pattern": "^[0-9]{14}$"},
                                "commune": {"type": "string"}, "postcode": {"type": "string"},
                                "departement": {"type": "string"}, "highlighted": {"type": "boolean"}}},
    "ListingIdentity": {
        "type": "object", "description": "Les champs communs à un résultat de recherche et à une annonce.",
        "required": ["id", "type", "external_id", "title", "url", "trade", "diploma", "business", "published_at"],
        "properties": {
            "id": {"type": "integer"}, "type": {"type": "string", "enum": ["offer", "project"]},
            "external_id": NULLABLE_STRING, "title": {"type": "string"},
            "url": {"type": "string", "description": "Chemin de la page publique, ex. /offres/17-apprenti-boulanger"},
            "trade": {**NULLABLE_STRING, "description": "Libellé du métier"}, "diploma": NULLABLE_STRING,
            "business": {"$ref": "#/components/schemas/Business"},
            "published_at": {"type": "string", "format": "date-time", "nullable": True}}},
    "SearchResult": {
        "allOf": [{"$ref": "#/components/schemas/ListingIdentity"}, {
            "type": "object", "required": ["distance_km", "snippet"],
            "properties": {
                "distance_km": {"type": "number", "nullable": True,
                                "description": "Distance entre les centres des communes ; null sans near."},
                "snippet": {"type": "string", "description": "Extrait HTML échappé, mots trouvés entre <mark>"}}}]},
    "SearchAnswer": {
        "type": "object", "required": ["total", "page", "per_page", "pages", "results", "facets", "suggestion"],
        "properties": {
            "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchResult"}},
            "facets": {"type": "object", "description": "Comptes sur tous les résultats, pas seulement la page.",
                       "properties": {"type": COUNTS, "trade": COUNTS, "diploma": COUNTS, "departement": COUNTS,
                                      "partner_type": COUNTS}},
            "suggestion": {**NULLABLE_STRING, "description": "Requête corrigée si des mots semblent mal écrits"},
            "degraded": {"type": "boolean", "description": "Index indisponible : recherche simplifiée sans facettes"},
        }},
    "Listing": {
        "allOf": [{"$ref": "#/components/schemas/ListingIdentity"}],
        "description": "Tous les champs publics d’une annonce publiée (offre ou projet) ; ni distance_km ni snippet.",
        "required": ["trade_code", "departement", "expires_at"],
        "properties": {
            "description": {"type": "string"}, "trade_code": NULLABLE_STRING, "departement": {"type": "string"},
            "expires_at": {"type": "string", "format": "date-time", "nullable": True},
            "level": {"type": "integer", "nullable": True}, "contract": NULLABLE_STRING,
            "start_date": {"type": "string", "format": "date", "nullable": True},
            "duration_months": {"type": "integer", "nullable": True}, "rhythm": NULLABLE_STRING,
            "weekly_hours": {"type": "integer", "nullable": True}, "positions": {"type": "integer", "nullable": True},
            "disability_friendly": {"type": "boolean", "nullable": True},
            "urgent": {"type": "boolean", "nullable": True},
            "questions": {"type": "array", "items": {"type": "string"}},
            "summary": NULLABLE_STRING, "category": NULLABLE_STRING, "stage": NULLABLE_STRING,
            "partner_types": {"type": "array", "items": {"type": "string"}},
            "budget_min": {"type": "integer", "nullable": True}, "budget_max": {"type": "integer", "nullable": True},
            "deadline": {"type": "string", "format": "date", "nullable": True}, "location": NULLABLE_STRING}},
    "ApprenticePay": {
        "type": "object",
        "required": ["on", "age", "year", "percent", "monthly_gross", "smic", "conventional_minimum_may_apply"],
        "properties": {
            "on": {"type": "string", "format": "date"}, "age": {"type": "integer"}, "year": {"type": "integer"},
            "percent": {"type": "integer", "description": "Part du SMIC en vigueur à cette date"},
            "monthly_gross": {"type": "number", "description": "Salaire brut mensuel minimal (35 h), au centime"},
            "smic": {"type": "object", "required": ["hourly", "monthly", "in_force_since", "source"], "properties": {
                "hourly": {"type": "number"}, "monthly": {"type": "number"},
                "in_force_since": {"type": "string", "format": "date"}, "source": {"type": "string"},
                "zone": {"type": "string", "enum": ["national", "Mayotte"]}}},
            "conventional_minimum_may_apply": {"type": "boolean",
                                               "description": "À partir de 21 ans : le minimum de la branche "
                                                              "s’applique s’il est plus élevé"}}},
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "example": "invalid_parameter"},
            "field": {"type": "string", "description": "Le paramètre en cause (erreurs 400)"},
            "message": {"type": "string", "description": "Explication en français"}}}}},
}


HIRING_AID_PARAMETERS = [
    {"name": "level", "in": "query", "required": True,
     "description": "Niveau du diplôme préparé (3 : CAP … 7 : master).",
     "schema": {"type": "integer", "minimum": 3, "maximum": 7}},
    {"name": "employees", "in": "query", "required": True, "description": "Effectif de l’entreprise (salariés).",
     "schema": {"type": "integer", "minimum": 0, "maximum": 10_000_000}},
    _param("signed_on", "Date de signature du contrat, AAAA-MM-JJ (vide : aujourd’hui). Une date impossible, ou "
                        "antérieure au 24 février 2025 (aucune règle connue), répond 400.",
           {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}),
    _param("rqth", "1 : apprenti reconnu travailleur handicapé (RQTH) ; 0 ou vide : non.",
           {"type": "string", "enum": ["1", "0", ""]}),
    _param("alternance_ratio", "Part des contrats en alternance dans l’effectif, en % de 0 à 100 (au plus deux "
                               "décimales, point décimal ; vide : inconnue) ; compte à partir de 250 salariés. "
                               "Au-delà de 100, 400.",
           {"type": "string", "pattern": "^([0-9]{1,3}([.][0-9]{1,2})?)?$"}),
]
SCHEMAS["HiringAid"] = {
    "type": "object",
    "required": ["signed_on", "amount", "currency", "period", "source", "rule", "in_force_since", "monthly",
                 "conditions", "provisional"],
    "properties": {
        "signed_on": {"type": "string", "format": "date"},
        "amount": {"type": "integer", "minimum": 0, "description": "Montant total en euros ; 0 si aucune aide."},
        "currency": {"type": "string", "enum": ["EUR"]},
        "period": {"type": "string", "example": "première année du contrat"},
        "source": {"type": "string", "description": "Textes et données d’où vient le montant"},
        "rule": {"type": "string", "description": "Nom de la règle appliquée"},
        "in_force_since": {"type": "string", "format": "date", "description": "Contrats signés depuis cette date"},
        "monthly": {"type": "number", "minimum": 0, "description": "Part versée chaque mois (montant / 12)"},
        "conditions": {"type": "array", "items": {"type": "string"}},
        "provisional": {"type": "boolean", "description": "Contrat signé après les règles publiées : indicatif"}}}


def _response(description: str, schema: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


# Every endpoint shares one per-IP budget (RATELIMIT_API); past it, a 429 says when to come back.
TOO_MANY_REQUESTS = {
    **_response("Trop de requêtes depuis cette adresse IP (code too_many_requests)", "Error"),
    "headers": {"Retry-After": {"description": "Secondes à attendre avant de réessayer",
                                "schema": {"type": "integer"}}}}


def _listing_path(what: str, tag: str) -> dict[str, Any]:
    return {"get": {
        "summary": f"{what} publiée avec tous ses champs publics", "tags": [tag],
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}],
        "responses": {"200": _response("L’annonce", "Listing"),
                      "404": _response("Inconnue ou non publiée", "Error"),
                      "429": TOO_MANY_REQUESTS}}}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of /api/v1."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Passerelle – API publique", "version": "1.0.0",
                 "description": "Annonces publiées (offres d’alternance et projets d’innovation) des artisans. "
                                "Lecture seule, JSON UTF-8, limitée par adresse IP."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/search": {"get": {
                "summary": "Rechercher les annonces publiées", "tags": ["recherche"],
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _response("Une page de résultats", "SearchAnswer"),
                              "400": _response("Paramètre invalide (code invalid_parameter)", "Error"),
                              "429": TOO_MANY_REQUESTS}}},
            "/hiring-aid": {"get": {
                "summary": "Aide de l’État à l’embauche d’un apprenti", "tags": ["droit du travail"],
                "parameters": HIRING_AID_PARAMETERS,
                "responses": {"200": _response("L’aide (0 si aucune ne s’applique)", "HiringAid"),
                              "400": _response("Paramètre invalide (code invalid_parameter)", "Error"),
                              "429": TOO_MANY_REQUESTS}}},
            "/offers/{id}": _listing_path("Offre d’alternance", "annonces"),
            "/projects/{id}": _listing_path("Projet d’innovation", "annonces"),
            "/apprentice-pay": {"get": {
                "summary": "Salaire minimum légal d’un apprenti à temps plein", "tags": ["droit"],
                "parameters": APPRENTICE_PAY_PARAMETERS,
                "responses": {"200": _response("Le minimum brut mensuel et le SMIC utilisé", "ApprenticePay"),
                              "400": _response("Paramètre invalide (code invalid_parameter)", "Error"),
                              "429": TOO_MANY_REQUESTS}}},
            "/openapi.json": {"get": {"summary": "Cette description", "tags": ["documentation"],
                                      "responses": {"200": {"description": "Document OpenAPI 3",
                                                            "content": {"application/json": {}}},
                                                    "429": TOO_MANY_REQUESTS}}},
        },
        "components": {"schemas": SCHEMAS},
    }
