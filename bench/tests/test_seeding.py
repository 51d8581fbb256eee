"""`svoboda seed_bench`: deterministic, consistent synthetic data (bench/seeding.py)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from audit import chain
from bench import seeding
from cases.models import Case, Participant
from intake.models import HelpRequest
from reports.models import StatisticalRecord

QUIET = {"out": lambda *args: None}


class _Undo(Exception):
    pass


def _seeded_snapshot(seed_value):
    """What seeding writes, read back, and then rolled back."""
    try:
        with transaction.atomic():
            seeding.seed(cases=30, seed_value=seed_value, **QUIET)
            snapshot = (
                list(
                    Case.objects.order_by("pk").values_list("pk", "title", "status", "branch__name")
                ),
                sorted(Participant.objects.values_list("case", "person")),
            )
            raise _Undo
    except _Undo:
        return snapshot


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = _seeded_snapshot(3)
    assert len(first[0]) == 30
    assert _seeded_snapshot(3) == first
    assert _seeded_snapshot(4) != first


@pytest.mark.django_db
def test_a_seeded_organisation_is_consistent():
    load = seeding.seed(cases=40, **QUIET)
    assert Case.objects.count() == 40 == load.counts["cases"]
    assert StatisticalRecord.objects.count() == 40
    # Every case came from an accepted request, and has at least one victim.
    assert HelpRequest.objects.filter(status=HelpRequest.Status.ACCEPTED).count() == 40
    assert not Case.objects.filter(participants__isnull=True).exists()
    # Closed cases have an outcome (also a database constraint), open ones none.
    assert not Case.objects.filter(status=Case.Status.CLOSED, outcome="").exists()
    # The timeline's audit entries are chained as audit.record() chains them.
    result = chain.verify()
    assert result.broken is None and result.count >= 40 * 5


@pytest.mark.django_db
def test_seed_bench_refuses_a_production_database_and_one_with_cases(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_bench", "--cases", "5")
    seeding.seed(cases=5, **QUIET)
    with pytest.raises(CommandError, match="already holds cases"):
        call_command("seed_bench", "--cases", "5", "--force")
