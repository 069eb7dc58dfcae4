"""The production schedule (deploy/passerelle.crontab): every periodic task is there, and each line is a real command."""
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?:\S+\s+){5}\$D/deploy/flask-cron\s+(?P<command>[^>]+?)\s+>>")


def scheduled() -> list[list[str]]:
    """The flask command of each crontab line, as arguments."""
    lines = (ROOT / "deploy" / "passerelle.crontab").read_text(encoding="utf-8").splitlines()
    return [shlex.split(match["command"]) for line in lines if (match := LINE.match(line))]


def test_the_upload_sweeper_is_scheduled_and_documented():
    assert ["uploads", "clean"] in scheduled()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    schedule = readme[readme.index("**Tâches planifiées**"):][:1000]
    assert "`uploads clean`" in schedule


@pytest.mark.parametrize("command", scheduled(), ids=" ".join)
def test_each_scheduled_line_is_a_command_of_the_app(runner, command):
    result = runner.invoke(args=[*command, "--help"])
    assert result.exit_code == 0, result.output


def test_message_notices_are_scheduled_and_documented():
    assert ["messages", "notify"] in scheduled()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    schedule = readme[readme.index("**Tâches planifiées**"):][:1200]
    assert "`messages notify`" in schedule
