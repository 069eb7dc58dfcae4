"""The trade list and the vocabularies used by forms, filters and the import."""
import re

import pytest

from app.reference.trades import (
    DIPLOMA_LEVELS,
    TRADE_CHOICES,
    TRADES,
    Commitment,
    Contract,
    Diploma,
    PartnerType,
    ProjectStage,
    default_level,
    find_trade,
    get_trade,
)

CONTRACT_LABELS = (
    "Boulanger, Pâtissier, Boucher, Charcutier-traiteur, Chocolatier, Poissonnier, Fromager, Traiteur, Coiffeur, "
    "Esthéticien, Fleuriste, Plombier-chauffagiste, Électricien, Menuisier, Ébéniste, Charpentier, Maçon, "
    "Couvreur, "
    "Peintre en bâtiment, Carreleur, Plâtrier-plaquiste, Serrurier-métallier, Mécanicien automobile, Carrossier, "
    "Cordonnier, Bijoutier-joaillier, Horloger, Tapissier d'ameublement, Couturier, Prothésiste dentaire, "
    "Photographe, Toiletteur, Tailleur de pierre, Luthier, Céramiste, Verrier, Relieur, Sellier, Maroquinier, Glacier"
).split(", ")


def test_every_contract_label_is_in_the_list_with_its_exact_spelling():
    labels = {trade.label for trade in TRADES}
    assert len(CONTRACT_LABELS) == 40
    assert set(CONTRACT_LABELS) <= labels


def test_codes_are_unique_and_each_trade_has_a_rome_code_and_family():
    assert len({t.code for t in TRADES}) == len(TRADES)
    assert all(re.fullmatch(r"[A-N]\d{4}", t.rome) for t in TRADES)
    assert all(t.family.label for t in TRADES)
    assert get_trade("boulanger").rome == "D1102"
    assert get_trade("plombier-chauffagiste").rome == "F1603"
    assert get_trade("inconnu") is None


@pytest.mark.parametrize("typed, label", [
    ("ebeniste", "Ébéniste"), ("EBENISTE", "Ébéniste"), ("électricien", "Électricien"),
    ("  patissier ", "Pâtissier"), ("tapissier d’ameublement", "Tapissier d'ameublement"),
    ("MACON", "Maçon"), ("peintre en batiment", "Peintre en bâtiment"), ("platrier-plaquiste", "Plâtrier-plaquiste"),
])
def test_find_trade_ignores_case_accents_and_apostrophes(typed, label):
    assert find_trade(typed).label == label


def test_find_trade_answers_none_for_an_unknown_trade():
    assert find_trade("astronaute") is None
    assert find_trade("") is None


def test_choices_are_sorted_the_french_way():
    labels = [label for _, label in TRADE_CHOICES]
    order = [labels.index(label) for label in ("Ébéniste", "Électricien", "Esthéticien", "Fleuriste")]
    assert order == sorted(order)


def test_diplomas_carry_their_levels():
    assert [d.value for d in Diploma] == ["CAP", "BP", "BTM", "Bac pro", "BTS", "BM", "BTMS", "BMA", "CTM", "CS",
                                          "Titre professionnel"]
    assert {d: default_level(d) for d in Diploma} == {
        Diploma.CAP: 3, Diploma.BP: 4, Diploma.BTM: 4, Diploma.BAC_PRO: 4, Diploma.BTS: 5, Diploma.BM: 5,
        Diploma.BTMS: 5, Diploma.BMA: 4, Diploma.CTM: 3, Diploma.CS: 3, Diploma.TITRE_PRO: 3}
    assert DIPLOMA_LEVELS[Diploma.TITRE_PRO] == (3, 4, 5, 6)
    assert Diploma.lookup("bac PRO") is Diploma.BAC_PRO


def test_vocabularies_have_french_labels_and_import_slugs():
    assert Commitment("circuit-court").label == "Circuit court"
    assert PartnerType("laboratoire").label == "Laboratoire ou école"
    assert PartnerType("designer").label == "Designer"
    assert [s.label for s in ProjectStage] == ["Idée", "Prototype", "Lancement"]
    assert Contract("professionnalisation").label == "Contrat de professionnalisation"
