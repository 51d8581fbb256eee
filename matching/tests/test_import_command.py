"""svoboda import_people and the action behind it: what is stored, what is left out, the trail."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook

import audit
from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Contact, IdentityDocument, Person
from matching.import_actions import import_people
from matching.importing import read_people
from matching.models import DuplicatePair
from matching.search import search

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = (
    "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_MobilePhone,"
    "prs_IdentityNumber,aliases,notes,Shoe size\n"
    "Айгуль,Каримова,1990-05-17,Feminine,UZ,+998 90 123 45 67,AA 1234567,Гуля,"
    "Met at the market,38\n"
    ",,1990,F,RU,,,,,\n"
    "Олег,Ким,1980,Alien,RU,,,,,\n"
    "Бахтияр,Юсупов,1979,M,Narnia,,,,,\n"
    "Farrukh,Tashkentov,12.03.1988,M,UZ,,,,=cmd|' /C calc'!A0,\n"
)


def write(tmp_path, text, name="people.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_people", *args, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


def test_bad_rows_are_each_reported_and_the_good_rows_stored(tmp_path, branch):
    out, err, failed = run(write(tmp_path, GOOD_AND_BAD), "--branch", "moscow")
    assert err.splitlines() == [
        "line 3, column prs_FirstName: A person needs a first name (prs_FirstName) or a family "
        "name (prs_SecondName).",
        "line 4, column prs_Gender: Unknown gender “Alien”: use an HTCDS code (Feminine, "
        "Masculine, TransgenderFeminine, TransgenderMasculine, NonConforming, "
        "NonSpecifiedUnknown) or a word such as female, male, ж, м.",
        "line 5, column prs_Citizenship: Unknown country “Narnia”: use an ISO 3166 code such "
        "as RU or UZ.",
    ]
    assert "Columns not understood, left out: Shoe size." in out
    assert "5 rows read: 2 people recorded, 3 bad rows, 0 possible duplicates." in out
    assert failed == "3 bad rows."  # a non-zero exit
    karimova = Person.objects.get(family_name="Каримова")
    assert karimova.branch == branch
    assert (karimova.birth_year, karimova.gender, karimova.citizenship) == (
        1990,
        "Feminine",
        ["UZ"],
    )
    assert karimova.description == "Met at the market"
    assert list(karimova.aliases.values_list("name", flat=True)) == ["Гуля"]
    assert karimova.contacts.get().kind == Contact.Kind.PHONE
    assert karimova.documents.get().kind == IdentityDocument.Kind.NATIONAL_ID
    # A formula is stored as the text it is.
    assert Person.objects.get(family_name="Tashkentov").description == "=cmd|' /C calc'!A0"


def test_strict_stores_nothing_when_a_row_is_bad(tmp_path, branch):
    out, err, failed = run(write(tmp_path, GOOD_AND_BAD), "--branch", "Moscow", "--strict")
    assert len(err.splitlines()) == 3
    assert "Nothing stored." in out
    assert failed == "3 bad rows."
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(verb="matching.people_imported").exists()


def test_dry_run_stores_nothing(tmp_path, branch):
    out, _err, _failed = run(write(tmp_path, GOOD_AND_BAD), "--branch", "Moscow", "--dry-run")
    assert "Nothing stored." in out
    assert not Person.objects.exists()


def test_an_unknown_branch_is_named_with_the_known_ones(tmp_path, branch, other_branch):
    _out, _err, failed = run(write(tmp_path, GOOD_AND_BAD), "--branch", "Paris")
    assert failed == 'No branch is named "Paris". Branches: Harare, Moscow.'


def test_the_same_file_twice_creates_nothing_the_second_time(tmp_path, branch):
    path = write(tmp_path, GOOD_AND_BAD)
    run(path, "--branch", "Moscow")
    assert Person.objects.count() == 2
    out, _err, _failed = run(path, "--branch", "Moscow")
    assert Person.objects.count() == 2
    assert "2 possible duplicates" in out
    reference = Person.objects.get(family_name="Каримова").reference
    assert (
        f"line 2 may be the same person as a person already recorded: reference {reference}" in out
    )
    # The stored person's name is not printed: only their reference.
    duplicate_lines = [line for line in out.splitlines() if "may be the same" in line]
    assert not any("Каримова" in line or "Tashkentov" in line for line in duplicate_lines)


def test_duplicates_within_the_file_are_flagged_not_created(tmp_path, branch):
    text = (
        "prs_FirstName,prs_SecondName,birth_year,prs_IdentityNumber\n"
        "Айгуль,Каримова,1990,\n"
        "Иван,Петров,1970,4507 123456\n"
        "Aigul,Karimova,1990,\n"  # the same woman in Latin letters
        "Ванька,Петровский,1971,45-07-123456\n"  # the same document
    )
    out, _err, failed = run(write(tmp_path, text), "--branch", "Moscow")
    assert failed is None
    assert "line 4 may be the same person as line 2" in out
    assert "line 5 may be the same person as line 3" in out
    assert sorted(Person.objects.values_list("family_name", flat=True)) == ["Каримова", "Петров"]


def test_a_person_already_recorded_by_a_case_worker_is_not_recorded_again(
    tmp_path, branch, other_branch, coordinator
):
    case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1985
    )
    text = "prs_FirstName,prs_SecondName,birth_year\nMagomed,Aliev,1985\n"
    out, _err, _failed = run(write(tmp_path, text), "--branch", "Moscow")
    assert "may be the same person as a person already recorded" in out
    assert Person.objects.count() == 1
    # Another branch's people are not compared: the same name there is recorded.
    run(write(tmp_path, text), "--branch", "Harare")
    assert Person.objects.filter(branch=other_branch).count() == 1


def test_keep_duplicates_records_them_and_opens_pairs_for_review(tmp_path, branch, coordinator):
    existing = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1985
    )
    text = (
        "prs_FirstName,prs_SecondName,birth_year\n"
        "Magomed,Aliev,1985\n"
        "Айгуль,Каримова,1990\n"
        "Aigul,Karimova,1990\n"
    )
    out, _err, failed = run(write(tmp_path, text), "--branch", "Moscow", "--keep-duplicates")
    assert failed is None
    assert "2 pairs listed for a coordinator to review." in out
    assert Person.objects.count() == 4
    aliev = Person.objects.get(family_name="Aliev")
    karimova = Person.objects.get(family_name="Каримова")
    latin_karimova = Person.objects.get(family_name="Karimova")
    pairs = {(pair.first_id, pair.second_id) for pair in DuplicatePair.objects.all()}
    expected = {
        tuple(sorted([aliev.pk, existing.pk], key=str)),
        tuple(sorted([karimova.pk, latin_karimova.pk], key=str)),
    }
    assert pairs == expected
    for pair in DuplicatePair.objects.all():
        assert str(pair.first_id) < str(pair.second_id)
        assert pair.status == DuplicatePair.Status.OPEN
        assert "name" in pair.reasons


def test_phone_and_document_are_searchable_after_import(tmp_path, branch):
    run(write(tmp_path, GOOD_AND_BAD), "--branch", "Moscow")
    people = Person.objects.filter(branch=branch)
    karimova = Person.objects.get(family_name="Каримова")
    assert [m.person for m in search(people, "+998(90)1234567")] == [karimova]
    assert [m.person for m in search(people, "АА1234567")] == [karimova]
    assert [m.person for m in search(people, "Karimova")] == [karimova]
    assert [m.person for m in search(people, "Гуля")] == [karimova]


def test_xlsx_file_through_the_command(tmp_path, branch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["prs_SecondName", "prs_FirstName", "prs_Gender"])
    sheet.append(["Каримова", "Айгуль", "Ж"])
    sheet.append(["", "", "M"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _out, err, failed = run(write(tmp_path, buffer.getvalue(), "people.xlsx"), "--branch", "Moscow")
    assert err.splitlines()[0].startswith("line 3, column prs_FirstName:")
    assert failed == "1 bad row."
    assert Person.objects.get().gender == "Feminine"


def test_audit_one_entry_per_person_and_one_summary_without_names(tmp_path, branch):
    run(write(tmp_path, GOOD_AND_BAD), "--branch", "Moscow")
    created = AuditEntry.objects.filter(verb="cases.person_created")
    assert {entry.target_id for entry in created} == {
        str(pk) for pk in Person.objects.values_list("pk", flat=True)
    }
    summary = AuditEntry.objects.get(verb="matching.people_imported")
    assert summary.target_id == str(branch.pk)
    assert summary.actor_label == "system"
    assert summary.changes == {
        "rows_read": 5,
        "rows_rejected": 3,
        "people_created": 2,
        "duplicates_left_out": 0,
        "duplicates_recorded": 0,
        "pairs_opened": 0,
    }
    assert "Каримова" not in str(summary.changes)


def test_the_actor_option_names_an_administrator_and_refuses_others(
    tmp_path, branch, administrator, coordinator
):
    path = write(tmp_path, "prs_FirstName\nИван\n")
    _out, _err, failed = run(path, "--branch", "Moscow", "--actor", coordinator.email)
    assert failed == f"{coordinator.email} may not import people into Moscow."
    assert not Person.objects.exists()
    run(path, "--branch", "Moscow", "--actor", administrator.email)
    assert AuditEntry.objects.get(verb="matching.people_imported").actor == administrator


def test_the_action_refuses_anyone_but_an_administrator(branch, coordinator, caseworker):
    rows = read_people(b"prs_FirstName\n\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\n").rows
    for user in (coordinator, caseworker):
        with pytest.raises(PermissionDenied):
            import_people(actor=user, branch=branch, rows=rows)
    assert not Person.objects.exists()
    import_people(actor=audit.SYSTEM_ACTOR, branch=branch, rows=rows)
    assert Person.objects.get().given_name == "Иван"


def test_one_upload_is_imported_once_even_with_duplicates_kept(branch):
    from matching.import_actions import AlreadyImported

    rows = read_people("prs_FirstName\nИван\n".encode()).rows
    import_people(
        actor=audit.SYSTEM_ACTOR, branch=branch, rows=rows, keep_duplicates=True, upload_id="u1"
    )
    with pytest.raises(AlreadyImported):
        import_people(
            actor=audit.SYSTEM_ACTOR,
            branch=branch,
            rows=rows,
            keep_duplicates=True,
            upload_id="u1",
        )
    assert Person.objects.count() == 1
    import_people(
        actor=audit.SYSTEM_ACTOR, branch=branch, rows=rows, keep_duplicates=True, upload_id="u2"
    )
    assert Person.objects.count() == 2
