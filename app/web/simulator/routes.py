"""The simulator's pages: a GET form, then month by month and year by year the pay, the aid and what remains."""
from flask import render_template, request

from app.core.time import today
from app.web.simulator import bp
from app.web.simulator.forms import MAX_MONTHS, MAX_MONTHS_RQTH, CostForm
from app.web.simulator.schedule import MAYOTTE, simulate


def _page(employer: bool):
    """The form, and the schedule once it is filled in and valid (errors keep what was typed)."""
    form = CostForm(request.args, employer=employer)
    schedule = None
    # The form always sends age and birth_date (maybe empty); a link that only prefills the contract does not.
    if ("age" in request.args or "birth_date" in request.args) and form.validate():
        try:
            schedule = simulate(
                start=form.start.data, months=form.months.data, age=form.age.data, birth_date=form.birth_date.data,
                level=form.level.data, employees=form.employees.data if employer else None,
                signed_on=form.signed_on.data, rqth=form.rqth.data, alternance_ratio=form.ratio,
                departement=MAYOTTE if form.mayotte.data else None)
        except ValueError as error:  # no SMIC known on that date (Mayotte's starts later)
            form.start.errors = [f"Pas de calcul possible à cette date : {error}."]
    # The other view keeps what was typed: only the form's own fields travel (never url_for's _anchor, _external…).
    switch_args = {name: request.args[name] for name in form._fields if request.args.get(name)}
    return render_template("simulator/cost.html", form=form, schedule=schedule, employer=employer,
                           max_months=MAX_MONTHS, max_months_rqth=MAX_MONTHS_RQTH, switch_args=switch_args,
                           today=today())


@bp.route("/combien-coute-un-apprenti")
def cost():
    """For an employer: the minimum pay, the State's hiring aid and what remains, month by month."""
    return _page(employer=True)


@bp.route("/combien-vais-je-gagner")
def earnings():
    """For a young person: the minimum gross pay, month by month and year by year."""
    return _page(employer=False)
