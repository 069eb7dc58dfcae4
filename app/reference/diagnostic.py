"""The self-assessment « Où en est mon entreprise ? »: its questions, points, levels and actions, read from YAML."""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SOURCE = Path(__file__).parent / "data" / "diagnostic.yaml"


@dataclass(frozen=True)
class Option:
    """One answer to a question and the points it is worth."""

    key: str
    label: str
    points: int


@dataclass(frozen=True)
class Question:
    """One question and its answers."""

    key: str
    text: str
    options: tuple[Option, ...]

    @property
    def best(self) -> int:
        """The most points an answer gives."""
        return max(option.points for option in self.options)

    def option(self, key: str | None) -> Option | None:
        """The answer of this key, or None."""
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Action:
    """A next step: a label, the levels it is advised for, what ticks it on the site, where to do it."""

    key: str
    label: str
    levels: tuple[int, ...]
    check: str | None
    link: str | None


@dataclass(frozen=True)
class Part:
    """One part of the assessment: one step of the chambers' relaunch plan."""

    key: str
    step: int
    title: str
    intro: str
    questions: tuple[Question, ...]
    advice: dict[int, str]
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Level:
    """A level and the score (in %) it stops below."""

    level: int
    label: str
    below: int


@dataclass(frozen=True)
class Questionnaire:
    """The whole questionnaire of one version."""

    version: int
    parts: tuple[Part, ...]
    levels: tuple[Level, ...]

    def part(self, number: int) -> Part | None:
        """Part `number` (1 to 6), or None."""
        return self.parts[number - 1] if 1 <= number <= len(self.parts) else None

    def level_for(self, percent: int) -> Level:
        """The level a score in % falls in."""
        return next(level for level in self.levels if percent < level.below)

    def level_label(self, level: int) -> str:
        """The French label of a level number."""
        return next((item.label for item in self.levels if item.level == level), "")


def _part(raw: dict) -> Part:
    questions = tuple(Question(q["key"], q["text"], tuple(Option(**o) for o in q["options"]))
                      for q in raw["questions"])
    actions = tuple(Action(a["key"], a["label"], tuple(a["levels"]), a.get("check"), a.get("link"))
                    for a in raw["actions"])
    return Part(raw["key"], raw["step"], raw["title"], raw["intro"], questions,
                {int(k): v for k, v in raw["advice"].items()}, actions)


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    """The questionnaire in force (read once)."""
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    return Questionnaire(raw["version"], tuple(_part(part) for part in raw["parts"]),
                         tuple(Level(**level) for level in raw["levels"]))


@dataclass(frozen=True)
class PartScore:
    """A part's points, the most it could have, its score in % and its level (None until every answer is given)."""

    part: Part
    points: int
    best: int
    answered: int
    percent: int | None
    level: Level | None


def score_part(part: Part, answers: dict[str, str], levels: Questionnaire) -> PartScore:
    """Score one part: its points over the most it could have, rounded to the whole %, and the level it gives."""
    points = best = answered = 0
    for question in part.questions:
        option = question.option(answers.get(f"{part.key}.{question.key}"))
        if option is not None:
            points += option.points
            answered += 1
        best += question.best
    if answered < len(part.questions):
        return PartScore(part, points, best, answered, None, None)
    percent = round(100 * points / best) if best else 0
    return PartScore(part, points, best, answered, percent, levels.level_for(percent))


def score(answers: dict[str, str], form: Questionnaire | None = None) -> list[PartScore]:
    """Every part's score."""
    form = form or questionnaire()
    return [score_part(part, answers, form) for part in form.parts]
