"""Interview times (#14 item 4): the zone of each territory, French formatting, and the clock changes."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from app.core.errors import Refused
from app.core.formatting import moment_fr
from app.geo import timezone_for, zone_label
from app.services.conversations import interviews
from app.services.conversations.interviews import to_utc
from tests.application_factories import apply_to, make_artisan_offer, make_candidate

UTC = timezone.utc


@pytest.mark.parametrize("departement, zone", [
    ("75", "Europe/Paris"), ("2A", "Europe/Paris"), ("971", "America/Guadeloupe"), ("972", "America/Martinique"),
    ("973", "America/Cayenne"), ("974", "Indian/Reunion"), ("975", "America/Miquelon"), ("976", "Indian/Mayotte"),
    ("977", "America/Guadeloupe"), ("978", "America/Guadeloupe"), ("", "Europe/Paris"), (None, "Europe/Paris"),
])
def test_each_territory_has_its_zone(departement, zone):
    assert timezone_for(departement) == zone
    ZoneInfo(zone)  # a zone the system knows


def test_overseas_times_are_named_and_paris_time_goes_without_saying():
    assert zone_label("Indian/Reunion") == "heure de La Réunion"
    assert zone_label("Europe/Paris") == "" and zone_label(None) == ""


@pytest.mark.parametrize("moment, zone, expected", [
    (datetime(2026, 12, 8, 14, 0, tzinfo=UTC), None, "mardi 8 décembre à 15\u00a0h"),
    (datetime(2026, 12, 8, 14, 30, tzinfo=UTC), "Europe/Paris", "mardi 8 décembre à 15\u00a0h\u00a030"),
    (datetime(2026, 12, 8, 8, 5, tzinfo=UTC), "Europe/Paris", "mardi 8 décembre à 9\u00a0h\u00a005"),
    (datetime(2027, 3, 1, 8, 0, tzinfo=UTC), "Europe/Paris", "lundi 1er mars 2027 à 9\u00a0h"),
    (datetime(2026, 12, 8, 11, 0, tzinfo=UTC), "Indian/Reunion", "mardi 8 décembre à 15\u00a0h"),
    (datetime(2026, 12, 8, 19, 0, tzinfo=UTC), "America/Martinique", "mardi 8 décembre à 15\u00a0h"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "Europe/Paris", "vendredi 1er janvier 2027 à 0\u00a0h\u00a030"),
    (datetime(2026, 12, 8, 14, 0), None, "mardi 8 décembre à 15\u00a0h"),  # a naive moment from the database: UTC
])
def test_moments_are_written_the_french_way(moment, zone, expected):
    assert moment_fr(moment, zone, today=date(2026, 12, 2)) == expected


def test_no_moment_writes_nothing():
    assert moment_fr(None) == ""


@pytest.mark.parametrize("moment, expected", [
    # Last Sunday of March 2027: at 2 h the clocks jump to 3 h.
    (datetime(2027, 3, 28, 0, 30, tzinfo=UTC), "dimanche 28 mars 2027 à 1\u00a0h\u00a030"),
    (datetime(2027, 3, 28, 1, 0, tzinfo=UTC), "dimanche 28 mars 2027 à 3\u00a0h"),
    # Last Sunday of October 2027: at 3 h the clocks go back to 2 h, so 2 h 30 happens twice.
    (datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "dimanche 31 octobre 2027 à 2\u00a0h\u00a030"),
    (datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "dimanche 31 octobre 2027 à 2\u00a0h\u00a030"),
    (datetime(2027, 10, 31, 2, 0, tzinfo=UTC), "dimanche 31 octobre 2027 à 3\u00a0h"),
])
def test_paris_time_across_the_clock_changes(moment, expected):
    assert moment_fr(moment, "Europe/Paris", today=date(2026, 12, 2)) == expected


def test_wall_times_become_utc_on_both_sides_of_the_clock_changes():
    paris = "Europe/Paris"
    assert to_utc(datetime(2027, 3, 27, 15, 0), paris) == datetime(2027, 3, 27, 14, 0, tzinfo=UTC)  # winter, +1
    assert to_utc(datetime(2027, 3, 28, 15, 0), paris) == datetime(2027, 3, 28, 13, 0, tzinfo=UTC)  # summer, +2
    assert to_utc(datetime(2027, 3, 28, 2, 30), paris) is None  # skipped by the clocks: refused
    assert to_utc(datetime(2027, 10, 31, 2, 30), paris) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # first one
    assert to_utc(datetime(2027, 10, 31, 15, 0), paris) == datetime(2027, 10, 31, 14, 0, tzinfo=UTC)  # winter again
    assert to_utc(datetime(2027, 3, 28, 2, 30), "Indian/Reunion") == datetime(2027, 3, 27, 22, 30, tzinfo=UTC)


def test_a_slot_the_clocks_skip_is_refused_with_a_french_message(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    application = apply_to(offer, make_candidate(make_user))
    proposal = interviews.Proposal(slots=[datetime(2027, 3, 28, 2, 30), datetime(2027, 3, 28, 15, 0)],
                                   mode="phone")
    with pytest.raises(Refused) as refused:
        interviews.propose(application, artisan, proposal, now=datetime(2027, 3, 1, tzinfo=UTC))
    assert refused.value.errors == {"slot_1": "Cette heure n’existe pas ce jour-là (changement d’heure) : "
                                              "choisissez-en une autre."}
    interview = interviews.propose(application, artisan, interviews.Proposal(
        slots=[datetime(2027, 10, 31, 2, 30), datetime(2027, 10, 31, 15, 0)], mode="phone"),
        now=datetime(2027, 10, 1, tzinfo=UTC))
    assert [slot.starts_at for slot in interview.slots] == [datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
                                                            datetime(2027, 10, 31, 14, 0, tzinfo=UTC)]
