"""Generate realistic French data at scale (listings, businesses, apprentices, applications) with bulk inserts.

    .venv/bin/python -m bench.generate --listings 100000 [--reset]

Writes to DATABASE_URL (SQLite file or PostgreSQL), by default instance/bench/passerelle-<N>.db. One
random.Random(seed) instance drives everything: the global `random` module is never seeded (Whoosh names its
segments with it).
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import random
import secrets
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench import common
from bench.vocabulary import (
    APPLICATION_MESSAGES,
    FIRST_NAMES,
    GENERAL_SENTENCES,
    OFFER_TITLES,
    PROJECT_SENTENCES,
    PROJECT_TOPICS,
    SURNAMES,
    TRADE_WORDS,
)

BATCH = 5_000
BUSINESSES = 20_000
APPRENTICES = 50_000
APPLICATIONS = 200_000
OFFER_SHARE = 0.85
OWNED_SHARE = 0.2  # businesses with an artisan account; the rest were imported by the chambers
HIGHLIGHTED_SHARE = 0.05
DAYS = 60
# Listing statuses other than published, with their shares (the rest is published).
OTHER_STATUSES = {"submitted": 0.02, "draft": 0.01, "changes_requested": 0.005, "filled": 0.01, "closed": 0.005,
                  "withdrawn": 0.005, "expired": 0.005}
APPLICATION_STATUSES = {"received": 0.5, "viewed": 0.2, "interview": 0.1, "accepted": 0.05, "declined": 0.1,
                        "withdrawn": 0.05}
# How common each trade is among craft businesses (others weigh 1).
TRADE_WEIGHTS = {"boulanger": 9, "coiffeur": 9, "plombier-chauffagiste": 7, "electricien": 7, "macon": 6,
                 "mecanicien-automobile": 7, "patissier": 5, "boucher": 4, "menuisier": 4, "peintre-en-batiment": 4,
                 "estheticien": 4, "carrossier": 3, "couvreur": 3, "charcutier-traiteur": 2, "fleuriste": 2,
                 "carreleur": 2, "platrier-plaquiste": 2, "serrurier-metallier": 2, "charpentier": 2}
DIPLOMA_WEIGHTS = {"CAP": 50, "BP": 15, "Bac pro": 12, "BTS": 8, "BTM": 5, "CS": 5, "BM": 2, "Titre professionnel": 3}
DIPLOMA_LEVEL = {"CAP": 3, "BP": 4, "BTM": 4, "Bac pro": 4, "BTS": 5, "BM": 5, "CS": 3, "Titre professionnel": 4}
COMMITMENTS = ("circuit-court", "materiaux-locaux", "reparation-reemploi", "sobriete-energetique",
               "fabrication-francaise", "accueil-apprentis", "zero-dechet", "produits-bio", "savoir-faire",
               "inclusion")
CATEGORIES = ("numerique", "eco-conception", "nouveau-produit", "nouveau-marche", "outil-procede", "transmission",
              "autre")
PARTNER_TYPES = ("designer", "laboratoire", "etudiants", "artisan", "financeur", "distributeur", "numerique")


def _luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` pass the Luhn check."""
    from stdnum import luhn

    return digits + luhn.calc_check_digit(digits)


def make_siret(rng: random.Random, used: set[str]) -> str:
    """A valid, unused SIRET: a Luhn-valid SIREN, then a NIC making the 14 digits Luhn-valid."""
    while True:
        siren = _luhn_complete(f"{rng.randrange(10_000_000, 100_000_000):08d}")
        siret = _luhn_complete(siren + f"{rng.randrange(1, 1000):04d}")
        if siret not in used:
            used.add(siret)
            return siret


class Generator:
    """Builds the rows of every table from one seeded random.Random and inserts them in batches."""

    def __init__(self, listings: int, seed: int, now: datetime):
        self.n = listings
        self.rng = random.Random(seed)
        self.now = now
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        from app.geo import all_communes
        from app.reference.trades import TRADES

        communes = list(all_communes())
        parents = {c.parent for c in communes if c.parent}
        # Paris, Lyon and Marseille count through their arrondissements, which carry the postcodes.
        self.communes = [c for c in communes if c.insee not in parents and c.postcodes and c.population > 0]
        self.commune_cum = list(itertools.accumulate(c.population for c in self.communes))
        self.trades = {t.code: t for t in TRADES}
        self.trade_codes = list(self.trades)
        self.trade_cum = list(itertools.accumulate(TRADE_WEIGHTS.get(code, 1) for code in self.trade_codes))
        from app.services.accounts.users import hash_password

        self.password_hash = hash_password(common.BENCH_PASSWORD)  # once: argon2 is slow on purpose

    # --- random helpers ----------------------------------------------------------------------------------------

    def commune(self):
        """A commune drawn with probability proportional to its population."""
        return self.communes[bisect.bisect_left(self.commune_cum, self.rng.random() * self.commune_cum[-1])]

    def trade(self) -> str:
        """A trade code weighted by how common the trade is."""
        return self.trade_codes[bisect.bisect_left(self.trade_cum, self.rng.random() * self.trade_cum[-1])]

    def weighted(self, weights: dict[str, float]) -> str:
        """A key of `weights` drawn by its weight."""
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def moment(self, days: int = DAYS) -> datetime:
        """A time within the last `days` days, weighted toward recent ones."""
        return self.now - timedelta(seconds=int(days * 86_400 * self.rng.random() ** 1.3))

    # --- tables ------------------------------------------------------------------------------------------------

    def plan(self) -> None:
        """Decide businesses, their places, owners and how listings spread over them (skewed: a few big ones)."""
        rng = self.rng
        self.biz_commune = [self.commune() for _ in range(BUSINESSES)]
        self.biz_trade = [self.trade() for _ in range(BUSINESSES)]
        sizes = list(itertools.accumulate(rng.paretovariate(1.6) for _ in range(BUSINESSES)))
        self.listing_biz = [bisect.bisect_left(sizes, rng.random() * sizes[-1]) for _ in range(self.n)]
        per_biz = [0] * BUSINESSES
        for b in self.listing_biz:
            per_biz[b] += 1
        owned = rng.sample(range(BUSINESSES), int(BUSINESSES * OWNED_SHARE))
        # The benchmark's artisan owns a busy but ordinary business (closest to 10 listings).
        self.bench_biz = min(owned, key=lambda b: (abs(per_biz[b] - 10), b))
        self.biz_owner: dict[int, int] = {}
        self.owner_ids = list(range(1, len(owned) + 1))
        for user_id, b in zip(self.owner_ids, sorted(owned, key=lambda b: b != self.bench_biz)):
            self.biz_owner[b] = user_id

    def users(self) -> Iterator[dict]:
        """Artisans (owners), chamber staff, one admin, then apprentices."""
        from app.geo import CHAMBERS

        base = {"password_hash": self.password_hash, "chamber_code": None, "email_confirmed_at": self.now,
                "created_at": self.now - timedelta(days=120), "last_login_at": None, "is_active_account": True}
        for user_id in self.owner_ids:
            email = common.ARTISAN_EMAIL if user_id == 1 else f"artisan{user_id}@passerelle-bench.fr"
            yield base | {"id": user_id, "email": email, "role": "artisan", "display_name": self.person(),
                          "session_token": secrets.token_urlsafe(32)}
        user_id = len(self.owner_ids)
        for code in CHAMBERS:
            user_id += 1
            yield base | {"id": user_id, "email": f"conseil.{code.lower()}@passerelle-bench.fr", "role": "staff",
                          "chamber_code": code, "display_name": self.person(),
                          "session_token": secrets.token_urlsafe(32)}
        user_id += 1
        yield base | {"id": user_id, "email": "admin@passerelle-bench.fr", "role": "admin",
                      "display_name": "Administration", "session_token": secrets.token_urlsafe(32)}
        self.first_apprentice = user_id + 1
        for i in range(APPRENTICES):
            user_id += 1
            email = "apprenti.bench@passerelle-bench.fr" if i == 0 else f"apprenti{i}@passerelle-bench.fr"
            yield base | {"id": user_id, "email": email, "role": "apprentice", "display_name": "",
                          "session_token": secrets.token_urlsafe(32)}

    def person(self) -> str:
        """A French first and last name."""
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def businesses(self) -> Iterator[dict]:
        """Businesses spread over communes by population, 5 % highlighted, most verified."""
        from slugify import slugify

        rng, used_sirets, slugs = self.rng, set(), {}
        for b in range(BUSINESSES):
            commune, trade = self.biz_commune[b], self.biz_trade[b]
            stems, tasks = TRADE_WORDS[trade]
            stem = rng.choice(stems)
            name = f"{stem} {rng.choice(SURNAMES)}" if not stem.endswith(" de") else f"{stem} {commune.name}"
            slug = slugify(f"{name} {commune.name}", max_length=200)
            slugs[slug] = slugs.get(slug, 0) + 1
            created = self.now - timedelta(days=rng.randrange(70, 2000))
            highlighted = rng.random() < HIGHLIGHTED_SHARE
            yield {"id": b + 1, "owner_id": self.biz_owner.get(b), "siret": make_siret(rng, used_sirets),
                   "name": name, "slug": slug if slugs[slug] == 1 else f"{slug}-{slugs[slug]}", "naf_code": None,
                   "trades": [trade], "address_line": f"{rng.randrange(1, 120)} rue {rng.choice(SURNAMES)}",
                   "postcode": commune.postcode, "commune_insee": commune.insee, "commune_name": commune.name,
                   "departement": commune.departement, "region": commune.region, "lat": commune.lat,
                   "lon": commune.lon,
                   "description": f"{stem} à {commune.name} : nous savons {rng.choice(tasks)}.",
                   "website": None, "social_links": {}, "logo_path": None,
                   "commitments": rng.sample(COMMITMENTS, rng.choice((0, 0, 1, 2, 3))),
                   "verified_at": created + timedelta(days=3) if rng.random() < 0.6 else None,
                   "verified_by_id": None, "highlighted": highlighted, "highlighted_until": None,
                   "highlighted_commitments": [], "created_at": created, "updated_at": created}

    def listings(self) -> Iterator[dict]:
        """Offers (85 %) and projects with French titles and descriptions, published over the last 60 days."""
        rng = self.rng
        empty_offer = dict.fromkeys(("diploma", "level", "contract", "start_date", "duration_months", "rhythm",
                                     "weekly_hours", "positions", "disability_friendly", "urgent", "questions",
                                     "contact_email"))
        empty_project = dict.fromkeys(("summary", "category", "stage", "partner_types", "budget_min", "budget_max",
                                       "deadline", "location"))
        from slugify import slugify

        self.offers_by_dep: dict[str, list[int]] = {}
        self.offer_published: dict[int, datetime] = {}
        for i in range(self.n):
            listing_id = i + 1
            b = self.listing_biz[i]
            commune = self.biz_commune[b]
            trade = self.biz_trade[b] if rng.random() < 0.9 else self.trade()
            label = self.trades[trade].label
            stems, tasks = TRADE_WORDS[trade]
            status = "published"
            draw = rng.random()
            for name, share in OTHER_STATUSES.items():
                if draw < share:
                    status = name
                    break
                draw -= share
            published = self.moment() if status not in ("draft", "submitted", "changes_requested") else None
            if status == "expired":
                published = self.now - timedelta(days=DAYS + rng.randrange(1, 20))
            created = (published or self.moment(10)) - timedelta(hours=rng.randrange(2, 72))
            sentences = rng.sample(GENERAL_SENTENCES, 2)
            words = {"commune": commune.name, "staff": rng.randrange(2, 15), "years": rng.randrange(2, 25),
                     "budget": rng.randrange(5, 80) * 1000}
            row = {"id": listing_id, "business_id": b + 1, "external_id": f"bench-{listing_id:07d}",
                   "trade": trade, "status": status, "status_changed_at": published or created,
                   "submitted_at": created if status != "draft" else None, "published_at": published,
                   "expires_at": published + timedelta(days=DAYS) if published else None,
                   "reminder_sent_at": None, "last_review_message": None, "last_review_reason": None,
                   "views_count": rng.randrange(0, 400), "departement": commune.departement,
                   "created_at": created, "updated_at": published or created}
            if rng.random() < OFFER_SHARE:
                diploma = self.weighted(DIPLOMA_WEIGHTS)
                title = rng.choice(OFFER_TITLES).format(trade=label, trade_lower=label.lower(), diploma=diploma,
                                                        commune=commune.name)
                picked = rng.sample(tasks, min(len(tasks), rng.randrange(2, 4)))
                description = (f"{rng.choice(stems)} {rng.choice(SURNAMES)} recrute un(e) apprenti(e) "
                               f"{label.lower()} pour préparer le {diploma}. Vous apprendrez à "
                               + ", à ".join(picked) + ". "
                               + " ".join(s.format(**words) for s in sentences))
                start = date(self.now.year + (self.now.month > 9), 9, 1) if rng.random() < 0.7 else None
                row |= empty_project | {
                    "type": "offer", "diploma": diploma, "level": DIPLOMA_LEVEL[diploma],
                    "contract": "apprentissage" if rng.random() < 0.9 else "professionnalisation",
                    "start_date": start, "duration_months": rng.choice((12, 24, 24, 24, 36)),
                    "rhythm": "1 semaine au CFA, 2 semaines en entreprise", "weekly_hours": 35,
                    "positions": 1 if rng.random() < 0.9 else 2, "disability_friendly": rng.random() < 0.3,
                    "urgent": rng.random() < 0.1, "questions": [], "contact_email": None}
                if status == "published":
                    self.offers_by_dep.setdefault(commune.departement, []).append(listing_id)
                    self.offer_published[listing_id] = published
            else:
                topic = rng.choice(PROJECT_TOPICS)
                title = f"{topic} – {label.lower()} à {commune.name}"
                description = (f"{topic} : notre entreprise de {label.lower()} veut {rng.choice(tasks)} autrement. "
                               + " ".join(s.format(**words) for s in rng.sample(PROJECT_SENTENCES, 3)))
                budget = words["budget"]
                row |= empty_offer | {
                    "type": "project", "summary": f"{topic} pour un atelier de {label.lower()}.",
                    "category": rng.choice(CATEGORIES), "stage": rng.choice(("idee", "prototype", "lancement")),
                    "partner_types": rng.sample(PARTNER_TYPES, rng.randrange(1, 3)), "budget_min": budget // 2,
                    "budget_max": budget, "deadline": None, "location": commune.name}
            row |= {"title": title[:200], "slug": slugify(title, max_length=80) or row["type"],
                    "description": description}
            yield row

    def candidate_profiles(self) -> Iterator[dict]:
        """One profile per apprentice: 15 to 25 years old, living where people live."""
        rng = self.rng
        self.candidate_dep: list[str] = []
        for i in range(APPRENTICES):
            commune = self.commune()
            self.candidate_dep.append(commune.departement)
            birth = date(self.now.year - rng.randrange(15, 26), rng.randrange(1, 13), rng.randrange(1, 29))
            yield {"id": i + 1, "user_id": self.first_apprentice + i, "first_name": rng.choice(FIRST_NAMES),
                   "last_name": rng.choice(SURNAMES), "birth_date": birth, "postcode": commune.postcode,
                   "commune_insee": commune.insee, "commune_name": commune.name,
                   "departement": commune.departement, "travel_radius_km": rng.choice((10, 20, 20, 30, 50)),
                   "trades": [self.trade()], "diploma": self.weighted(DIPLOMA_WEIGHTS), "available_from": None,
                   "presentation": "Motivé(e) et curieux(se), je cherche un apprentissage près de chez moi.",
                   "cv_file_id": None, "created_at": self.now - timedelta(days=rng.randrange(1, 90)),
                   "updated_at": self.now - timedelta(days=rng.randrange(0, 30))}

    def applications(self) -> Iterator[dict]:
        """Applications to published offers, mostly in the candidate's département, one per candidate and offer."""
        rng = self.rng
        every = [listing_id for ids in self.offers_by_dep.values() for listing_id in ids]
        seen: set[tuple[int, int]] = set()
        self.application_rows: list[tuple[int, str, datetime]] = []
        app_id = 0
        target = min(APPLICATIONS, len(every) * APPRENTICES // 2)
        while app_id < target:
            c = rng.randrange(APPRENTICES)
            local = self.offers_by_dep.get(self.candidate_dep[c])
            offer_id = rng.choice(local) if local and rng.random() < 0.8 else rng.choice(every)
            candidate_id = self.first_apprentice + c
            if (offer_id, candidate_id) in seen:
                continue
            seen.add((offer_id, candidate_id))
            app_id += 1
            status = self.weighted(APPLICATION_STATUSES)
            published = self.offer_published[offer_id]
            created = published + (self.now - published) * rng.random()
            changed = created + (self.now - created) * rng.random() if status != "received" else created
            self.application_rows.append((app_id, status, created))
            yield {"id": app_id, "offer_id": offer_id, "candidate_id": candidate_id, "status": status,
                   "message": rng.choice(APPLICATION_MESSAGES), "answers": [], "cv_file_id": None,
                   "created_at": created, "status_changed_at": changed,
                   "viewed_at": changed if status in ("viewed", "interview", "accepted", "declined") else None,
                   "interview_at": changed if status in ("interview", "accepted") else None,
                   "accepted_at": changed if status == "accepted" else None,
                   "declined_at": changed if status == "declined" else None,
                   "withdrawn_at": changed if status == "withdrawn" else None}

    def application_events(self) -> Iterator[dict]:
        """The « received » event of every application (later moves are summarised by their timestamps)."""
        for app_id, _status, created in self.application_rows:
            yield {"id": app_id, "application_id": app_id, "status": "received", "at": created, "by_id": None,
                   "message": None}


def batches(rows: Iterable[dict], size: int = BATCH) -> Iterator[list[dict]]:
    """Lists of at most `size` rows."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def insert(connection, table, rows: Iterable[dict]) -> int:
    """Insert rows with executemany in batches; return how many."""
    count = 0
    for chunk in batches(rows):
        connection.execute(table.insert(), chunk)
        count += len(chunk)
    return count


def prepare_schema(reset: bool) -> None:
    """Create the tables from the models and stamp the migrations' head; --reset drops everything first.

    The models, not the migrations, define the schema here: during development a column may exist in a model
    before its migration is written, and the benchmark measures the code that runs.
    """
    from flask_migrate import stamp
    from sqlalchemy import text

    from app.extensions import db

    engine = db.engine
    if reset:
        db.session.remove()
        if engine.dialect.name == "sqlite" and engine.url.database:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(engine.url.database + suffix).unlink(missing_ok=True)
        else:
            db.drop_all()
            with engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()
    stamp(directory=str(common.ROOT / "migrations"))


def existing_listings() -> int:
    """How many listings the database holds (0 when the schema is missing)."""
    from sqlalchemy import func, inspect, select

    from app.extensions import db
    from app.models import Listing

    if not inspect(db.engine).has_table("listings"):
        return 0
    return db.session.scalar(select(func.count()).select_from(Listing)) or 0


def schema_is_current() -> bool:
    """True when every table and column of the models exists in the database (models change under development)."""
    from sqlalchemy import inspect

    from app.extensions import db

    inspector = inspect(db.engine)
    existing = set(inspector.get_table_names())
    for table in db.metadata.sorted_tables:
        if table.name not in existing:
            return False
        if {c.name for c in table.columns} - {c["name"] for c in inspector.get_columns(table.name)}:
            return False
    return True


def generate(listings: int, seed: int = common.SEED, reset: bool = False) -> dict[str, float]:
    """Fill the app's database (in the current app context) and return the timings in seconds."""
    from sqlalchemy import text

    from app.extensions import db
    from app.models import Application, ApplicationEvent, Business, CandidateProfile, Listing, User

    if existing_listings() and not reset:
        raise SystemExit("the database already holds listings: pass --reset to replace them")
    started = time.perf_counter()
    prepare_schema(reset)
    gen = Generator(listings, seed, datetime.now(timezone.utc).replace(microsecond=0))
    gen.plan()
    gen.timings["schema and plan"] = time.perf_counter() - started
    engine = db.engine
    steps = [("users", User, gen.users), ("businesses", Business, gen.businesses),
             ("listings", Listing, gen.listings), ("candidate_profiles", CandidateProfile, gen.candidate_profiles),
             ("applications", Application, gen.applications),
             ("application_events", ApplicationEvent, gen.application_events)]
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # ids are consistent by construction
        for name, model, rows in steps:
            step = time.perf_counter()
            gen.counts[name] = insert(connection, model.__table__, rows())
            gen.timings[name] = time.perf_counter() - step
            print(f"  {name}: {gen.counts[name]:,} rows in {gen.timings[name]:.1f} s", flush=True)
        if engine.dialect.name == "postgresql":
            for name, model, _rows in steps:  # explicit ids: move the sequences past them
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                                        f"(SELECT COALESCE(MAX(id), 1) FROM {model.__tablename__}))"))
    step = time.perf_counter()
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    gen.timings["analyze"] = time.perf_counter() - step
    gen.timings["total"] = time.perf_counter() - started
    return gen.timings | {f"rows {k}": v for k, v in gen.counts.items()}


def main() -> None:
    """Command line: generate N listings into DATABASE_URL (default: a SQLite file under instance/bench)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=common.listings_count())
    parser.add_argument("--seed", type=int, default=common.SEED)
    parser.add_argument("--reset", action="store_true", help="drop the existing data first")
    args = parser.parse_args()
    common.use_bench_env(args.listings)
    app = common.bench_app()
    print(f"Generating {args.listings:,} listings into {common.database_url(args.listings)}", flush=True)
    with app.app_context():
        timings = generate(args.listings, args.seed, args.reset)
    print(f"Done in {timings['total']:.1f} s", flush=True)


if __name__ == "__main__":
    main()
