"""Encryption at rest (issue 9): what staff and writers type into the most sensitive fields, and
the files they upload, appear nowhere in the database, a backup or the audit trail.

Every value goes in through the real actions, carrying a marker no other text holds; the scan
then looks for the markers in every column of every table (read raw, bypassing the models), in
SQLite's own dump of the database, and in every member of a `svoboda backup` archive. A control
marker in a field that is not encrypted (a case's title) shows that the scan would find one.
"""

import io
import subprocess
import tarfile
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import CaseFile, Contact, IdentityDocument, Note, Person
from intake import actions as intake_actions
from intake.models import HelpRequest, Message
from shelters import actions as shelter_actions
from shelters.queries import read_shelter_address

SECRETS = {
    "description": "ZEBRA-DESCRIPTION-4417 держат на заводе",
    "place": "ZEBRA-PLACE-7731",
    "handle": "@zebra_handle_5520",
    "follow_up": "ZEBRA-FOLLOW-UP-8803",
    "reply": "ZEBRA-REPLY-1190",
    "phone": "+7 999 420-77-13",
    "document": "ZB4409117",
    "street": "ZEBRA-STREET-3308, дом 5",
    "note": "ZEBRA-NOTE-6625",
    "file": "ZEBRA-FILE-CONTENT-2291",
    "file_name": "zebra-passport-of-4471.pdf",
    "person": "ZEBRA-PERSON-DESCRIPTION-0042",
}
CONTROL = "ZEBRA-CONTROL-TITLE-9000"


@pytest.fixture
def stored(storage, branch, coordinator):
    """One of each sensitive thing, written as the site writes it."""
    request, _code = intake_actions.submit_request(
        language="ru",
        submission_token=uuid.uuid4(),
        writer_kind="relative",
        situations=["forced_labour"],
        country="RU",
        city="Кизляр",
        place=SECRETS["place"],
        description=SECRETS["description"],
        contact_channel="telegram",
        contact_handle=SECRETS["handle"],
        files=[
            (
                SimpleUploadedFile(SECRETS["file_name"], b"%PDF-1.4 " + SECRETS["file"].encode()),
                "application/pdf",
            )
        ],
    )
    intake_actions.add_writer_message(request=request, body=SECRETS["follow_up"])
    intake_actions.reply_to_writer(actor=coordinator, request=request, body=SECRETS["reply"])
    case = case_actions.open_case(actor=coordinator, branch=branch, title=CONTROL)
    person = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Азиз", description=SECRETS["person"]
    )
    case_actions.add_contact(actor=coordinator, person=person, kind="phone", value=SECRETS["phone"])
    case_actions.add_document(
        actor=coordinator, person=person, kind="passport", number=SECRETS["document"]
    )
    case_actions.add_note(actor=coordinator, case=case, body=SECRETS["note"], is_sensitive=True)
    case_actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile(SECRETS["file_name"], b"%PDF-1.4 " + SECRETS["file"].encode()),
        content_type="application/pdf",
    )
    shelter = shelter_actions.create_shelter(
        actor=coordinator,
        branch=branch,
        name="Дом",
        city="Москва",
        country="RU",
        takes=["women"],
        capacity=4,
        street_address=SECRETS["street"],
    )
    return {"request": request, "case": case, "person": person, "shelter": shelter}


def every_row_as_text():
    """Every value of every table, raw from the database driver: what a dump holds."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                texts.extend(
                    bytes(value).decode("utf-8", "replace")
                    if isinstance(value, bytes | memoryview)
                    else str(value)
                    for value in row
                )
    return "\n".join(texts)


def markers_in(text):
    return [name for name, secret in SECRETS.items() if secret in text]


@pytest.mark.django_db
def test_the_site_reads_back_everything_it_stored(stored, coordinator):
    request = HelpRequest.objects.get(pk=stored["request"].pk)
    assert request.description == SECRETS["description"]
    assert request.place == SECRETS["place"]
    assert request.contact_handle == SECRETS["handle"]
    bodies = set(Message.objects.filter(request=request).values_list("body", flat=True))
    assert {SECRETS["follow_up"], SECRETS["reply"]} <= bodies
    assert Contact.objects.get(person=stored["person"]).value == SECRETS["phone"]
    assert IdentityDocument.objects.get(person=stored["person"]).number == SECRETS["document"]
    assert Person.objects.get(pk=stored["person"].pk).description == SECRETS["person"]
    assert Note.objects.get(case=stored["case"]).body == SECRETS["note"]
    assert read_shelter_address(coordinator, stored["shelter"]) == SECRETS["street"]
    case_file = CaseFile.objects.get(case=stored["case"])
    assert case_file.original_name == SECRETS["file_name"]
    with case_file.file.open("rb") as opened:
        assert SECRETS["file"].encode() in opened.read()


@pytest.mark.django_db
def test_no_sensitive_value_is_in_any_table_or_in_the_audit_trail(stored):
    everything = every_row_as_text()

    assert CONTROL in everything  # the scan sees what is stored in clear
    assert markers_in(everything) == []
    audit_text = "\n".join(str(entry.changes) for entry in AuditEntry.objects.all())
    assert AuditEntry.objects.count() >= 8
    assert markers_in(audit_text) == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own dump")
def test_no_sensitive_value_is_in_the_sqlite_dump(stored):
    dump = "\n".join(connection.connection.iterdump())

    assert CONTROL in dump
    assert markers_in(dump) == []


@pytest.mark.django_db
def test_no_uploaded_file_is_stored_in_clear(stored, storage):
    contents = {}
    for directory in ("cases", "intake"):
        for name in storage.listdir(directory)[1]:
            with storage.open(f"{directory}/{name}", "rb") as raw:
                contents[name] = raw.read()

    assert len(contents) == 2  # the case file and the help request's attachment
    assert all(SECRETS["file"].encode() not in content for content in contents.values())
    assert all(b"%PDF" not in content for content in contents.values())


def pg_dump_as_sql(data, tmp_path):
    """pg_dump's custom format is compressed: read it as the SQL it restores to."""
    dump = tmp_path / "database.pgdump"
    dump.write_bytes(data)
    result = subprocess.run(
        ["pg_restore", "--file=-", str(dump)],  # noqa: S607 (the client tools are on PATH)
        capture_output=True,
        check=True,
        timeout=120,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_no_sensitive_value(stored, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())

    found, control_seen = [], False
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member).read()
            if member.name.endswith(".pgdump"):
                data = pg_dump_as_sql(data, tmp_path)
            control_seen = control_seen or CONTROL.encode() in data
            found += [
                (member.name, name) for name, secret in SECRETS.items() if secret.encode() in data
            ]
    assert control_seen  # the dump is in the archive, readable
    assert found == []
