"""The interview panel of an application page: what each side sees of the current interview and the forms it may
use (the service checks every action again)."""
from dataclasses import dataclass, field

from flask import url_for
from flask_wtf import FlaskForm

from app.geo import zone_label
from app.models.application import Application
from app.models.interview import Interview, InterviewStatus
from app.services.conversations import interview_notices as notices
from app.services.conversations import interviews
from app.web.interviews.forms import AcceptForm, CancelForm, CounterForm, DeclineForm

CANDIDATE, OWNER, CONTACT = "candidate", "owner", "contact"


@dataclass
class Panel:
    """The current interview of one application as one side sees it, with the URLs and forms of its actions."""

    application: Application
    side: str
    interview: Interview | None
    urls: dict[str, str]
    forms: dict[str, FlaskForm] = field(default_factory=dict)
    open_form: str | None = None  # the form whose errors are shown (its <details> opens)

    @property
    def is_owner(self) -> bool:
        """True for the business (account or contact link)."""
        return self.side != CANDIDATE

    @property
    def status(self) -> str | None:
        """The current interview's status value ("proposed", "accepted"...), or None."""
        return self.interview.status.value if self.interview else None

    @property
    def can_act(self) -> bool:
        """False once the application is over: the panel only tells what happened."""
        return not self.application.is_final

    @property
    def zone_label(self) -> str:
        """« heure de La Réunion » overseas, "" in Paris time."""
        return zone_label(interviews.zone_of(self.application))

    def when(self, slot=None) -> str:
        """A slot of the current interview in French (the chosen one by default)."""
        return notices.when(self.interview, slot) if self.interview else ""

    def where(self) -> str:
        """The mode and place of the current interview in French."""
        return notices.where(self.interview) if self.interview else ""


def _urls(application: Application, side: str, token: str | None, interview: Interview | None) -> dict[str, str]:
    """The actions' URLs of one side."""
    if side == CANDIDATE:
        values = {"application_id": application.id}
        urls = {name: url_for(f"interviews.{name}", **values) for name in ("accept", "decline", "counter")}
        urls["cancel"] = url_for("interviews.candidate_cancel", **values)
        if interview is not None and interview.chosen_slot_id is not None:
            urls["ics"] = url_for("interviews.candidate_ics", interview_id=interview.id, **values)
        return urls
    if side == CONTACT:
        urls = {"propose": url_for("interviews.contact_propose", token=token),
                "cancel": url_for("interviews.contact_cancel", token=token)}
        if interview is not None and interview.chosen_slot_id is not None:
            urls["ics"] = url_for("interviews.contact_ics", token=token, interview_id=interview.id)
        return urls
    values = {"application_id": application.id}
    urls = {"propose": url_for("interviews.propose", **values), "cancel": url_for("interviews.owner_cancel", **values)}
    if interview is not None and interview.chosen_slot_id is not None:
        urls["ics"] = url_for("interviews.owner_ics", interview_id=interview.id, **values)
    return urls


def build(application: Application, side: str, token: str | None = None, **submitted: FlaskForm) -> Panel:
    """The panel of `application` for `side` ("candidate", "owner" or "contact" with its token); `submitted` holds a
    form that was posted with errors, to show again with what was typed."""
    interview = interviews.current(application)
    panel = Panel(application=application, side=side, interview=interview,
                  urls=_urls(application, side, token, interview))
    forms: dict[str, FlaskForm] = {"cancel": CancelForm(prefix="cancel", formdata=None)}
    if side == CANDIDATE and interview is not None and interview.status == InterviewStatus.PROPOSED:
        forms["accept"] = AcceptForm(prefix="accept", formdata=None)
        forms["decline"] = DeclineForm(prefix="decline", formdata=None)
        forms["counter"] = CounterForm(prefix="counter", formdata=None)
    for name, form in submitted.items():
        forms[name] = form
        panel.open_form = name
    if "accept" in forms and interview is not None:
        forms["accept"].slot.choices = [(slot.id, notices.when(interview, slot)) for slot in interview.slots]
    panel.forms = forms
    return panel
