"""The submission and exchange benchmarks' bookkeeping (bench.submission, bench.exchange): what
they find, copy and clean up. No timing is asserted, and no server or child process runs."""

import datetime
import uuid

import pytest
from django.utils import timezone

from bench import exchange, submission
from bench.figures import ROWS_PER_S
from bench.harness import Context
from intake import actions as intake_actions
from intake.models import FollowUpCode, HelpRequest
from reports.models import ImportBatch, StatisticalRecord
from svoboda.loadtest import verify


def _submit(description):
    request, _code = intake_actions.submit_request(
        language="ru",
        submission_token=uuid.uuid4(),
        writer_kind="relative",
        situations=["forced_labour"],
        country="RU",
        city="Кизляр",
        place="Кирпичный завод",
        description=description,
        contact_channel="telegram",
        contact_handle="@example_handle",
    )
    return request


@pytest.fixture
def submitted(db):
    started = timezone.now() - datetime.timedelta(seconds=1)
    _submit("an earlier request, not the benchmark's")
    HelpRequest.objects.update(created_at=started - datetime.timedelta(hours=1))
    ours = [_submit(f"bench-abcd-{number:06d} Брата держат.") for number in range(3)]
    warmup = _submit("bench-abcdw-000000 Брата держат.")
    return started, ours, warmup


def test_the_run_s_requests_are_found_by_marker_and_are_complete(submitted):
    started, ours, _warmup = submitted

    rows = submission._stored_since(started, "bench-abcd-")

    assert sorted(pk for _marker, pk in rows) == sorted(request.pk for request in ours)
    assert {marker for marker, _pk in rows} == {f"bench-abcd-{n:06d}" for n in range(3)}
    assert not verify.incomplete_requests([pk for _marker, pk in rows])


def test_a_request_without_its_code_is_incomplete(submitted):
    _started, ours, _warmup = submitted
    FollowUpCode.objects.filter(request=ours[0]).delete()

    assert verify.incomplete_requests([request.pk for request in ours]) == {ours[0].pk}


def test_the_floor_inserts_the_same_rows_again_and_deletes_them(submitted):
    _started, ours, _warmup = submitted
    before = set(HelpRequest.objects.values_list("pk", flat=True))

    rows, seconds = submission._floor_inserts([request.pk for request in ours])

    assert rows == 3 and seconds > 0
    assert set(HelpRequest.objects.values_list("pk", flat=True)) == before


def test_the_run_s_requests_and_warm_up_are_removed_afterwards(submitted):
    started, _ours, _warmup = submitted

    removed = submission._remove_submitted(started, "bench-abcd")

    assert removed == 4
    assert HelpRequest.objects.count() == 1


def test_a_smoke_run_submits_fewer_times():
    assert submission.submissions_for(Context(scale=10, repeat=30)) == submission.SUBMISSIONS
    assert submission.submissions_for(Context(scale=10, repeat=2)) == 20


CTDC_2020 = (
    "yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,isSexualExploit,"
    "CountryOfExploitation\n"
    "2002,Female,18--20,CO,0,1,\n"
    "2015,Male,30--38,UA,1,0,RU\n"
    "2016,Female,9--17,MD,0,1,TR\n"
)


def test_the_import_figure_imports_the_file_and_removes_what_it_stored(db, tmp_path, monkeypatch):
    path = tmp_path / "ctdc.csv"
    path.write_text(CTDC_2020, encoding="utf-8")
    monkeypatch.setattr(exchange, "IMPORT_FILE", path)

    figure = exchange._import_figure(Context(scale=10, repeat=30, out=lambda line: None))

    assert figure.unit == ROWS_PER_S
    assert figure.details["rows_stored"] == 3
    assert figure.details["runs"] == 3
    assert figure.value > 0 and figure.floor > 0
    assert not ImportBatch.objects.exists()
    assert not StatisticalRecord.objects.exists()


def test_without_the_file_the_import_is_not_measured(db, tmp_path, monkeypatch):
    monkeypatch.setattr(exchange, "IMPORT_FILE", tmp_path / "missing.csv")

    figure = exchange._import_figure(Context(scale=10, repeat=30))

    assert "not_measured" in figure.details


def test_the_export_s_rows_are_counted_as_csv_records(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('row_id,note\n1,"two\nlines"\n2,x\n', encoding="utf-8")

    assert exchange._count_rows(path) == 2
