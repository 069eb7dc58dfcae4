"""The action plan as a PDF (fpdf2, DejaVu Sans for French characters), dated the day it is made."""
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.core.formatting import date_fr
from app.models.diagnostic import Assessment
from app.services.diagnostics.progress import PlanPart

FONTS = Path(__file__).resolve().parents[2] / "reference" / "fonts"
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _document() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    return pdf


def plan_pdf(assessment: Assessment, parts: list[PlanPart], on: date) -> bytes:
    """The plan of an assessment: each part's level, score and advice, then its actions with what is done."""
    pdf = _document()
    pdf.set_title(f"Plan d’action – {assessment.business.name}")
    pdf.set_author("Passerelle")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "Où en est mon entreprise ? Plan d’action", **NEXT_LINE)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"{assessment.business.name} · {assessment.business.postcode} "
                         f"{assessment.business.commune_name}", **NEXT_LINE)
    pdf.multi_cell(0, 6, f"Autodiagnostic du {date_fr(assessment.completed_at or assessment.updated_at)} · "
                         f"plan édité le {date_fr(on)}", **NEXT_LINE)
    pdf.ln(2)
    pdf.multi_cell(0, 5, "Chaque réponse vaut de 0 à 3 points ; le score d’une partie est la part des points "
                         "obtenus sur le maximum possible. Moins de 40 % : « À construire » ; de 40 à 74 % : "
                         "« En progrès » ; 75 % et plus : « Solide ».", **NEXT_LINE)
    for part in parts:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, f"Étape {part.score.part.step} – {part.score.part.title}", **NEXT_LINE)
        pdf.set_font("DejaVu", "", 11)
        if part.score.level is None:
            pdf.multi_cell(0, 6, "Partie non remplie.", **NEXT_LINE)
            continue
        pdf.multi_cell(0, 6, f"Niveau : {part.score.level.label} ({part.score.percent} %, "
                             f"{part.score.points} points sur {part.score.best})", **NEXT_LINE)
        pdf.multi_cell(0, 6, part.advice, **NEXT_LINE)
        for item in part.actions:
            mark = "[fait]" if item.done else "[à faire]" if item.done is False else "[ ]"
            pdf.multi_cell(0, 6, f"{mark} {item.action.label}", **NEXT_LINE)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, "Passerelle · plateforme des chambres de métiers et de l’artisanat. Les actions marquées "
                         "« fait » le sont d’après votre page et vos annonces sur Passerelle.", **NEXT_LINE)
    return bytes(pdf.output())
