"""app/core helpers (time, atomic files, keyed hashes, signed links, fold) and the CLI's shared --now option."""
import hashlib
import hmac
import os
from datetime import datetime, timedelta, timezone

import click
import pytest
from click.testing import CliRunner
from itsdangerous import URLSafeTimedSerializer

from app.cli.options import now_option
from app.core import files, hashing, text
from app.core import time as core_time
from app.core import tokens


def test_utcnow_is_aware_utc_and_today_is_its_date():
    now = core_time.utcnow()
    assert now.tzinfo is timezone.utc
    assert core_time.today() in {now.date(), (now + timedelta(seconds=5)).date()}


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "state.json"
    files.write_atomically(target, "old")
    files.write_atomically(target, "nouveau é")
    files.write_atomically(tmp_path / "data.bin", b"\x00\x01")
    assert target.read_text(encoding="utf-8") == "nouveau é"
    assert (tmp_path / "data.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.bin", "state.json"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(OSError):
        files.write_atomically(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["state.json"]
    with pytest.raises(ValueError):
        with files.atomic_writer(target) as handle:
            handle.write(b"half")
            raise ValueError("refused")
    assert target.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["state.json"]


def test_keyed_hashes_are_the_ones_the_app_stored_before(app):
    secret = app.config["SECRET_KEY"].encode()
    reports = hmac.new(secret, b"203.0.113.7", hashlib.sha256).hexdigest()[:40]
    security_log = hmac.new(secret, b"security-log:203.0.113.7", hashlib.sha256).hexdigest()[:16]
    assert hashing.keyed_hash("203.0.113.7", length=40) == reports
    assert hashing.ip_hash("203.0.113.7", context="security-log:", length=16) == security_log
    assert hashing.ip_hash(None) is None and hashing.ip_hash("") is None


def test_signed_links_round_trip_and_refuse_tampering_expiry_and_other_salts(app):
    token = tokens.sign({"u": 1}, "salt-a")
    assert token == URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="salt-a").dumps({"u": 1})
    assert tokens.load(token, "salt-a", 60) == {"u": 1}
    with pytest.raises(tokens.LinkInvalid):
        tokens.load(token, "salt-b", 60)
    with pytest.raises(tokens.LinkInvalid):
        tokens.load(token[:-2], "salt-a", 60)
    with pytest.raises(tokens.LinkInvalid):
        tokens.load(tokens._serializer("salt-a").dumps([1]), "salt-a", 60)
    with pytest.raises(tokens.LinkExpired):
        tokens.load(token, "salt-a", -1)


def test_fold_matches_the_trades_fold():
    from app.reference.trades import fold as trades_fold

    for sample in ("Ébéniste", "CŒUR d’artichaut", "  pâtissière   ", "", None):
        assert text.fold(sample) == trades_fold(sample)
    assert text.fold("Ébéniste") == "ebeniste"


@click.command()
@now_option()
def _show(now):
    click.echo(now.isoformat() if now else "None")


@pytest.mark.parametrize("value, expected", [
    ("2027-01-31", datetime(2027, 1, 31, tzinfo=timezone.utc)),
    ("2027-01-31T12:30:00", datetime(2027, 1, 31, 12, 30, tzinfo=timezone.utc)),
    ("2027-01-31T12:30", datetime(2027, 1, 31, 12, 30, tzinfo=timezone.utc)),
    ("2027-01-31T12:30:00+02:00", datetime(2027, 1, 31, 10, 30, tzinfo=timezone.utc)),
])
def test_now_option_reads_iso_dates_as_utc(value, expected):
    result = CliRunner().invoke(_show, ["--now", value])
    assert result.exit_code == 0
    assert datetime.fromisoformat(result.output.strip()) == expected


def test_now_option_defaults_to_none_and_refuses_other_text_in_french():
    assert CliRunner().invoke(_show, []).output.strip() == "None"
    result = CliRunner().invoke(_show, ["--now", "demain"])
    assert result.exit_code == 2 and "date ISO attendue" in result.output


def test_after_commit_runs_once_the_outermost_use_case_commits_and_never_after_a_rollback(app):
    from app.core.transaction import after_commit, use_case

    ran = []

    @use_case
    def inner():
        after_commit(lambda: ran.append("inner"))
        assert ran == []  # not before the outer use case commits

    @use_case
    def outer(fail: bool):
        inner()
        if fail:
            raise ValueError("refusé")

    with pytest.raises(ValueError):
        outer(True)
    assert ran == []
    outer(False)
    assert ran == ["inner"]
    with pytest.raises(RuntimeError):
        after_commit(lambda: None)  # outside any use case there is no commit to wait for
