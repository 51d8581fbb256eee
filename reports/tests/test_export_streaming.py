"""A trusted HTCDS export streams: its rows are read from the database as the file is written,
never gathered in a list first, in a constant number of queries (a million victims must fit in
the memory of a small server, issue 11)."""

import datetime
import types

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory
from reports import export_actions, htcds_export
from reports import htcds_columns as col
from reports.export_actions import export_htcds


def _recording(into, what):
    """htcds_export.row_for, appending what(values) to `into` at each call."""
    row_for = htcds_export.row_for

    def recording(values, **kwargs):
        into.append(what(values))
        return row_for(values, **kwargs)

    return recording


def _victims(branch, count):
    for _ in range(count):
        ParticipantFactory(case=CaseFactory(branch=branch))


def test_a_trusted_export_yields_its_first_row_before_reading_the_others(
    administrator, branch, monkeypatch
):
    _victims(branch, 12)
    made = []
    row_for = htcds_export.row_for
    monkeypatch.setattr(
        htcds_export, "row_for", lambda *a, **kw: made.append(1) or row_for(*a, **kw)
    )
    monkeypatch.setattr(htcds_export, "CHUNK_SIZE", 5)

    export = export_htcds(actor=administrator, reason="Test")
    lines = export.csv_lines()
    next(lines)  # the header
    next(lines)  # the first row

    assert isinstance(export.rows, types.GeneratorType)
    assert export.row_count == 12
    assert len(made) == 1
    assert len(list(lines)) == 11


def test_a_trusted_export_takes_as_many_queries_for_many_victims_as_for_few(administrator, branch):
    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            lines = list(export_htcds(actor=administrator, reason="Test").csv_lines())
        return len(queries), len(lines) - 1

    _victims(branch, 2)
    queries_for_export()  # the administrator's permissions are cached from now on
    few, rows = queries_for_export()
    assert rows == 2
    _victims(branch, 25)
    many, rows = queries_for_export()
    assert rows == 27
    assert many == few


def _opened(case, year):
    when = timezone.make_aware(datetime.datetime(year, 6, 15, 12))
    Case.objects.filter(pk=case.pk).update(created_at=when)


def test_the_earliest_case_is_the_earliest_within_the_period(administrator, branch):
    person = PersonFactory(branch=branch)
    before = CaseFactory(branch=branch, exploitation_country="TR")
    within = CaseFactory(branch=branch, exploitation_country="AE")
    later = CaseFactory(branch=branch, exploitation_country="RU")
    for case, year in ((before, 2019), (within, 2023), (later, 2024)):
        _opened(case, year)
        ParticipantFactory(case=case, person=person)

    export = export_htcds(
        actor=administrator,
        date_from=datetime.date(2023, 1, 1),
        date_to=datetime.date(2024, 12, 31),
        reason="Test",
    )
    rows = list(export.rows)

    assert export.row_count == 1
    assert [row[col.COUNTRY_OF_EXPLOITATION] for row in rows] == ["AE"]


def test_a_victim_of_two_cases_opened_at_the_same_moment_is_one_row(administrator, branch):
    person = PersonFactory(branch=branch)
    for _ in range(2):
        case = CaseFactory(branch=branch)
        _opened(case, 2022)
        ParticipantFactory(case=case, person=person)

    export = export_htcds(actor=administrator, reason="Test")

    assert export.row_count == 1
    assert len(list(export.rows)) == 1


def test_row_ids_come_from_a_permutation_so_they_never_repeat():
    permute = export_actions._random_permutation()
    ids = {permute(position) for position in range(20_000)}

    assert len(ids) == 20_000
    assert all(0 <= value < 2**64 for value in ids)
    # A fresh key for every export: the same positions get other ids.
    other = export_actions._random_permutation()
    assert sum(other(position) == permute(position) for position in range(1000)) == 0


def test_the_rows_are_not_in_the_order_people_were_registered(administrator, branch, monkeypatch):
    _victims(branch, 40)
    opened = []
    row_for = htcds_export.row_for
    monkeypatch.setattr(
        htcds_export,
        "row_for",
        lambda values, **kw: opened.append(values[0]) or row_for(values, **kw),
    )

    orders = []
    for _ in range(2):
        opened.clear()
        list(export_htcds(actor=administrator, reason="Test").rows)
        orders.append(list(opened))

    # Cases were opened one after the other: neither export follows that order, nor each other.
    assert orders[0] != sorted(orders[0])
    assert orders[0] != orders[1]
    assert sorted(orders[0]) == sorted(orders[1])
