"""The README says what the commands do: demo accounts as printed, the port of `make run` in mail links."""
import shutil
import subprocess
from pathlib import Path

import pytest

from app.demo.accounts import ACCOUNTS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_demo_accounts_table_is_what_demo_load_prints(runner, db):
    output = runner.invoke(args=["demo", "load"]).output
    for account in ACCOUNTS:
        assert f"| {account.title} | `{account.email}` | `{account.password}` |" in README
        assert f"{account.title} ({account.role})" in output
    created = output.split("Données de démonstration : ", 1)[1].split(" élément(s) créé(s)", 1)[0]
    assert f"« {created} élément(s) créé(s) »" in README


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_port_to_the_public_url():
    database = subprocess.run(["make", "-pn", "run", "PORT=8000"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "run: PUBLIC_URL := http://127.0.0.1:8000" in database
    assert "export PUBLIC_URL" in (ROOT / "Makefile").read_text(encoding="utf-8")
