import json
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import Branch
from cases.models import Person
from matching.evaluation import baselines, dataset, spellings
from matching.evaluation.dataset import NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, build
from matching.models import NameForm, NameKey, PersonName


@pytest.fixture(scope="module")
def evaluation():
    return build()


def test_the_same_seed_gives_the_same_set_and_another_seed_another(evaluation):
    again = build()
    assert again.pairs == evaluation.pairs
    assert again.queries == evaluation.queries
    assert again.corpus == evaluation.corpus
    assert build(seed=7).pairs != evaluation.pairs


def test_the_set_has_enough_labelled_pairs_in_every_category(evaluation):
    assert len(evaluation.pairs) >= 2000
    labels = Counter(pair.same for pair in evaluation.pairs)
    assert labels[True] >= 1000 and labels[False] >= 600
    categories = Counter((pair.category, pair.same) for pair in evaluation.pairs)
    for category in POSITIVE_CATEGORIES:
        assert categories[(category, True)] >= 50, category
        assert categories[(category, False)] == 0, category
    for category in NEGATIVE_CATEGORIES:
        assert categories[(category, False)] >= 100, category


def test_queries_cover_every_transliteration_system_and_look_for_people_in_the_corpus(
    evaluation,
):
    assert len(evaluation.corpus) >= 1000
    assert len(evaluation.queries) >= 1000
    ids = {identity.id for identity in evaluation.corpus}
    assert all(query.person_id in ids for query in evaluation.queries)
    systems = {q.system for q in evaluation.queries if q.category == "transliteration"}
    assert systems == {*spellings.TRANSLITERATION_SYSTEMS, dataset.UKRAINIAN_SYSTEM}
    assert {q.category for q in evaluation.queries} >= set(POSITIVE_CATEGORIES)


def test_hard_negatives_are_different_people_who_look_alike(evaluation):
    fathers_and_sons = [p for p in evaluation.pairs if p.category == "father_son"]
    native = [p for p in fathers_and_sons if p.system == ""]
    assert native
    for pair in native:
        # The son is named after his grandfather: the given name is the father's patronymic's root.
        assert pair.first.family == pair.second.family
        assert pair.second.patronymic.startswith(pair.first.given[:3])
        assert pair.first.given != pair.second.given
    for pair in evaluation.pairs:
        if pair.category == "years_apart" and pair.first.birth_year and pair.second.birth_year:
            assert abs(pair.first.birth_year - pair.second.birth_year) > 10


def test_a_transliteration_pair_is_one_name_in_another_alphabet(evaluation):
    pair = next(p for p in evaluation.pairs if p.system == "icao_doc_9303")
    assert spellings.transliterate(pair.first.family, "icao_doc_9303") == pair.second.family
    assert spellings.turkic_to_cyrillic("Şəmsiyev") == "Шамсиев"
    assert spellings.uzbek_to_cyrillic("Oʻrinov") == "Ўринов"
    assert spellings.transliterate("Ўринов", "uz") == "Oʻrinov"


@pytest.mark.django_db
def test_eval_matching_reports_every_figure_and_leaves_nothing_behind(tmp_path, capsys):
    before = (
        Person.objects.count(),
        Branch.objects.count(),
        NameForm.objects.count(),
        NameKey.objects.count(),
        PersonName.objects.count(),
    )
    out = tmp_path / "figures.json"
    call_command("eval_matching", "--limit", "40", "--json", str(out))
    printed = capsys.readouterr().out
    assert "SEARCH (recall@1 / recall@5)" in printed
    assert "DUPLICATES (precision / recall / F1)" in printed
    after = (
        Person.objects.count(),
        Branch.objects.count(),
        NameForm.objects.count(),
        NameKey.objects.count(),
        PersonName.objects.count(),
    )
    assert after == before
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["set"]["queries"] == 40 and figures["set"]["pairs"] == 40
    search = figures["search"]["matching"]
    assert search["all"]["queries"] == 40
    # A name typed exactly as recorded is found first.
    assert search["as_recorded"]["recall_at_1"] == 1.0
    duplicates = figures["duplicates"]["matching"]
    assert 0.0 <= duplicates["at_threshold"]["precision"] <= 1.0
    assert set(duplicates["right_by_category"]) == {pair for pair in _categories(40)}


def _categories(limit):
    from matching.evaluation.run import subset

    return {pair.category for pair in subset(build(), limit).pairs}


@pytest.mark.django_db
def test_without_the_eval_extra_the_library_baseline_is_reported_as_not_run(monkeypatch, capsys):
    monkeypatch.setattr(baselines, "recordlinkage_available", lambda: False)
    call_command("eval_matching", "--limit", "20")
    printed = capsys.readouterr().out
    assert "recordlinkage" in printed
    assert "not run (pip install -e '.[eval]')" in printed


def test_the_old_idea_of_a_duplicate_is_the_same_folded_name_in_any_order():
    first = dataset.Record("Магомед", "", "Алиев", None)
    assert baselines.same_folded_name(first, dataset.Record("АЛИЕВ", "Ибрагимович", "магомед", 1))
    assert not baselines.same_folded_name(first, dataset.Record("Magomed", "", "Aliev", None))
