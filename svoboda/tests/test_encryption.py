"""Encrypted fields and files (svoboda.encryption): lookups fail loudly, max_length binds the
plain text, existing rows are encrypted by the migrations' step, and `svoboda rotate_keys` moves
everything to a new key so that the old one can be removed."""

import io
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import FieldError, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import CaseFile, Contact, IdentityDocument
from intake import actions as intake_actions
from intake.models import HelpRequest
from svoboda.encryption import UndecryptableError
from svoboda.encryption.fields import encrypted_fields
from svoboda.encryption.files import encrypted_storage
from svoboda.encryption.rotation import encrypt_if_plain, rewrite_files, rewrite_values

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
CONTENT = b"%PDF-1.4 the passport of someone in the case"


def raw_value(model, pk, field_name):
    column = model._meta.get_field(field_name).column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn(column)} FROM {qn(model._meta.db_table)} WHERE {qn('id')} = %s",  # noqa: S608
            [model._meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()[0]


def submit(description="Брата держат на кирпичном заводе.", **fields):
    request, _code = intake_actions.submit_request(
        language="ru",
        submission_token=uuid.uuid4(),
        writer_kind="relative",
        situations=["forced_labour"],
        country="RU",
        description=description,
        **fields,
    )
    return request


@pytest.mark.django_db
def test_the_column_holds_a_token_and_the_model_the_text():
    request = submit(contact_channel="telegram", contact_handle="@brother_of_aziz")

    stored = raw_value(HelpRequest, request.pk, "contact_handle")
    assert stored.startswith("gAAAA")  # a Fernet token
    assert "brother_of_aziz" not in stored
    assert HelpRequest.objects.get(pk=request.pk).contact_handle == "@brother_of_aziz"
    # Empty stays empty: its token would tell no less (a token's length follows its text).
    assert raw_value(HelpRequest, request.pk, "safe_times") == ""


@pytest.mark.django_db
def test_coordinates_are_stored_as_tokens_and_read_as_decimals():
    from operations.models import Operation
    from operations.tests.factories import OperationFactory

    operation = OperationFactory(latitude=Decimal("55.751244"), longitude=Decimal("37.618423"))

    assert "55.75" not in raw_value(Operation, operation.pk, "latitude")
    stored = Operation.objects.values_list("latitude", "longitude").get(pk=operation.pk)
    assert stored == (Decimal("55.751244"), Decimal("37.618423"))
    assert Operation.objects.filter(latitude__isnull=False).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lookup",
    [
        {"description": "Брата держат на кирпичном заводе."},
        {"description__icontains": "завод"},
        {"contact_handle__in": ["@a"]},
        {"contact_handle__lower": "@a"},
    ],
)
def test_a_lookup_on_an_encrypted_field_raises_instead_of_finding_nothing(lookup):
    submit()

    with pytest.raises(FieldError, match="encrypted"):
        list(HelpRequest.objects.filter(**lookup))
    with pytest.raises(FieldError, match="encrypted"):
        list(HelpRequest.objects.exclude(**lookup))


@pytest.mark.django_db
def test_isnull_still_works_on_an_encrypted_field():
    submit()

    assert HelpRequest.objects.filter(description__isnull=False).count() == 1


def test_max_length_binds_the_plain_text_in_full_clean_and_forms():
    field = Contact._meta.get_field("value")

    with pytest.raises(ValidationError):
        field.clean("1" * 301, None)
    field.clean("1" * 300, None)
    form_field = field.formfield()
    assert form_field.max_length == 300
    assert isinstance(form_field.widget, forms.TextInput)  # one line, as the CharField was


def test_the_key_is_never_derived_from_secret_key():
    assert django_settings.FIELD_ENCRYPTION_KEYS
    assert django_settings.SECRET_KEY not in django_settings.FIELD_ENCRYPTION_KEYS


def test_every_sensitive_field_is_encrypted():
    from django.apps import apps

    encrypted = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in encrypted_fields(model)
    }
    assert {
        "intake.HelpRequest.description",
        "intake.HelpRequest.contact_handle",
        "intake.Message.body",
        "cases.Contact.value",
        "cases.IdentityDocument.number",
        "cases.Note.body",
        "shelters.ShelterAddress.street_address",
        "operations.Operation.address",
        "operations.Operation.latitude",
        "operations.Operation.longitude",
    } <= encrypted
    assert CaseFile._meta.get_field("file").storage is encrypted_storage()


@pytest.mark.django_db
def test_the_migration_step_encrypts_rows_written_in_clear_and_leaves_tokens_alone():
    request = submit(description="written before encryption")
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn('intake_helprequest')} SET {qn('description')} = %s",  # noqa: S608
            ["written before encryption"],
        )
    handle_before = raw_value(HelpRequest, request.pk, "place")

    changed = rewrite_values(connection, HelpRequest, ["description", "place"], encrypt_if_plain)

    assert changed == 1
    assert raw_value(HelpRequest, request.pk, "description").startswith("gAAAA")
    assert raw_value(HelpRequest, request.pk, "place") == handle_before
    assert HelpRequest.objects.get(pk=request.pk).description == "written before encryption"
    assert rewrite_values(connection, HelpRequest, ["description"], encrypt_if_plain) == 0


@pytest.fixture
def written_with_key_a(settings, storage, branch, coordinator):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    request = submit(
        description="written under key A",
        contact_channel="telegram",
        contact_handle="@under_key_a",
        files=[(SimpleUploadedFile("a.pdf", CONTENT), "application/pdf")],
    )
    person = case_actions.create_person(actor=coordinator, branch=branch, given_name="Азиз")
    case_actions.add_document(actor=coordinator, person=person, kind="passport", number="AB123")
    case = case_actions.open_case(actor=coordinator, branch=branch, title="Kiln")
    case_file = case_actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("passport.pdf", CONTENT),
        content_type="application/pdf",
    )
    return request, person, case_file


def read_everything(request, person, case_file):
    request = HelpRequest.objects.get(pk=request.pk)
    case_file = CaseFile.objects.get(pk=case_file.pk)
    attachment = request.attachments.get()
    with case_file.file.open("rb") as first, attachment.file.open("rb") as second:
        files = [first.read(), second.read()]
    return (
        request.description,
        request.contact_handle,
        IdentityDocument.objects.get(person=person).number,
        case_file.original_name,
        files,
    )


@pytest.mark.django_db
def test_rotation_moves_every_value_and_file_to_the_new_key(written_with_key_a, settings):
    expected = ("written under key A", "@under_key_a", "AB123", "passport.pdf", [CONTENT] * 2)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(UndecryptableError):
        read_everything(*written_with_key_a)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert read_everything(*written_with_key_a) == expected
    output = io.StringIO()
    call_command("rotate_keys", "--batch-size", "1", stdout=output)
    assert "intake.HelpRequest: 2 value(s), 0 file(s) re-encrypted" in output.getvalue()
    assert "cases.CaseFile: 1 value(s), 1 file(s) re-encrypted" in output.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert read_everything(*written_with_key_a) == expected
    entry = AuditEntry.objects.filter(verb="svoboda.keys_rotated").get()
    assert entry.actor is None
    assert entry.changes["files"] == 2
    # Again: nothing left to do, and it says so.
    output = io.StringIO()
    call_command("rotate_keys", stdout=output)
    assert "Re-encrypted 0 value(s) and 0 file(s)." in output.getvalue()


@pytest.mark.django_db
def test_rotation_without_the_old_key_changes_nothing_and_says_why(written_with_key_a, settings):
    request = written_with_key_a[0]
    before = raw_value(HelpRequest, request.pk, "description")
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    with pytest.raises(CommandError, match="opens with no key"):
        call_command("rotate_keys", stdout=io.StringIO())
    assert raw_value(HelpRequest, request.pk, "description") == before


def test_encrypted_files_have_no_url():
    with pytest.raises(ValueError, match="no URL"):
        encrypted_storage().url("cases/x")


def test_production_refuses_to_start_without_an_encryption_key():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FIELD_ENCRYPTION_KEYS", "DEBUG", "DJANGO_SETTINGS_MODULE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="svoboda.settings", SECRET_KEY="s" * 64, ALLOWED_HOSTS="x.org"
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("svoboda")), "check"],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr


@pytest.mark.django_db
def test_the_migration_step_encrypts_files_stored_in_clear(
    storage, branch, coordinator, django_capture_on_commit_callbacks
):
    case = case_actions.open_case(actor=coordinator, branch=branch, title="Kiln")
    case_file = case_actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("passport.pdf", CONTENT),
        content_type="application/pdf",
    )
    # As uploads were stored before encryption: the bytes themselves.
    storage.delete(case_file.file.name)
    storage.save(case_file.file.name, io.BytesIO(CONTENT))

    with django_capture_on_commit_callbacks(execute=True):
        result = rewrite_files(connection, CaseFile, "file", encrypt_if_plain)

    assert result.files == 1
    case_file.refresh_from_db()
    with storage.open(case_file.file.name, "rb") as raw:
        assert CONTENT not in raw.read()
    with case_file.file.open("rb") as opened:
        assert opened.read() == CONTENT
    assert storage.listdir("cases")[1] == [case_file.file.name.split("/")[-1]]
    assert rewrite_files(connection, CaseFile, "file", encrypt_if_plain).files == 0


@pytest.mark.django_db
def test_an_interrupted_file_rewrite_keeps_every_file_its_row_names(storage, branch, coordinator):
    """A batch that fails half-way is rolled back: its rows still name the old files, so those
    must not have been deleted yet (they go only once the batch is committed)."""
    case = case_actions.open_case(actor=coordinator, branch=branch, title="Kiln")
    case_files = [
        case_actions.add_case_file(
            actor=coordinator,
            case=case,
            upload=SimpleUploadedFile(f"passport{n}.pdf", CONTENT),
            content_type="application/pdf",
        )
        for n in range(2)
    ]
    for case_file in case_files:  # stored in clear, as before encryption
        storage.delete(case_file.file.name)
        storage.save(case_file.file.name, io.BytesIO(CONTENT))
    calls = []

    def encrypt_then_fail(data):
        calls.append(data)
        if len(calls) == 2:
            raise RuntimeError("the process is stopped here")
        return encrypt_if_plain(data)

    with pytest.raises(RuntimeError):
        rewrite_files(connection, CaseFile, "file", encrypt_then_fail)

    for case_file in case_files:
        case_file.refresh_from_db()
        assert storage.exists(case_file.file.name)
        with storage.open(case_file.file.name, "rb") as raw:
            assert raw.read() == CONTENT
