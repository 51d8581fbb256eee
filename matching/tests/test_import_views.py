"""The workspace's import of people: upload, preview, confirm, for administrators only."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Person
from matching.views_import import UPLOAD_DIR
from svoboda.encryption.files import encrypted_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    """Each test starts with an empty storage (the in-memory one outlives a test otherwise)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


UPLOAD = reverse("people-import:upload")
CONFIRM = reverse("people-import:confirm")
CSV = (
    "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,Shoe size\n"
    "Айгуль,Каримова,17.05.1990,Ж,38\n"
    "Иван,Петров,19xx,M,42\n"
    "Magomed,Aliev,1985,M,44\n"
).encode()


def upload(client, branch, data=CSV, name="people.csv", **extra):
    return client.post(
        UPLOAD,
        {"file": SimpleUploadedFile(name, data), "branch": branch.pk, **extra},
    )


def ticket_of(response):
    return re.search(r'name="ticket" value="([^"]+)"', response.content.decode()).group(1)


def stored_uploads():
    storage = encrypted_storage()
    try:
        folders, _files = storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return []
    return [
        f"{UPLOAD_DIR}/{folder}/{name}"
        for folder in folders
        for name in storage.listdir(f"{UPLOAD_DIR}/{folder}")[1]
    ]


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_only_administrators_reach_the_import(client, personas, persona, branch):
    client.force_login(personas[persona])
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, branch).status_code == 403
    assert client.post(CONFIRM, {"ticket": "x"}).status_code == 403
    assert not Person.objects.exists()


def test_the_menu_offers_the_import_to_administrators_only(client, administrator, coordinator):
    client.force_login(administrator)
    assert UPLOAD in client.get(reverse("workspace:dashboard")).content.decode()
    client.force_login(coordinator)
    assert UPLOAD not in client.get(reverse("workspace:dashboard")).content.decode()


def test_preview_shows_rows_errors_and_unknown_columns_and_stores_nothing(
    client, administrator, branch, coordinator
):
    existing = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1985
    )
    client.force_login(administrator)
    response = upload(client, branch)
    assert response.status_code == 200
    page = response.content.decode()
    assert "line 3, column prs_Birthdate: “19xx” is not a year or a date of birth" in page
    assert "Shoe size" in page
    assert "Айгуль Каримова" in page
    # An administrator does not see the branch's people: the one already recorded is not
    # mentioned (matching/tests/test_review_import.py); a coordinator reviews the pair later.
    assert existing.reference not in page
    assert "Алиев" not in page
    assert "Import 2 people" in page
    assert Person.objects.count() == 1
    # The file waits encrypted in the storage, under the uploader's id.
    [name] = stored_uploads()
    assert name.startswith(f"{UPLOAD_DIR}/{administrator.pk}/")
    with encrypted_storage().inner.open(name) as raw:
        assert "Каримова".encode() not in raw.read()


def test_confirm_stores_the_good_rows_deletes_the_file_and_audits(client, administrator, branch):
    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch))
    response = client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert response.status_code == 200
    karimova = Person.objects.get(family_name="Каримова")
    assert sorted(Person.objects.values_list("family_name", flat=True)) == ["Aliev", "Каримова"]
    page = response.content.decode()
    assert karimova.reference in page
    assert "2 people recorded in Moscow" in page
    assert stored_uploads() == []
    summary = AuditEntry.objects.get(verb="matching.people_imported")
    assert summary.actor == administrator
    assert summary.changes["people_created"] == 2
    assert summary.changes["rows_rejected"] == 1
    assert AuditEntry.objects.filter(verb="cases.person_created", actor=administrator).count() == 2
    # The ticket is spent: confirming again records nobody twice.
    again = client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert again.status_code == 302
    assert Person.objects.count() == 2


def test_keep_duplicates_from_the_form(client, administrator, branch, coordinator):
    case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1985
    )
    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch, keep_duplicates="on"))
    client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert Person.objects.filter(family_name="Aliev").exists()
    from matching.models import DuplicatePair

    assert DuplicatePair.objects.count() == 1


def test_discard_deletes_the_upload_and_stores_nothing(client, administrator, branch):
    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch))
    response = client.post(CONFIRM, {"ticket": ticket, "discard": ""})
    assert response.status_code == 302
    assert stored_uploads() == []
    assert not Person.objects.exists()


def test_another_administrators_ticket_is_refused(client, administrator, branch):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch))
    other = UserFactory(email="admin2@example.org", roles=[Role.ADMINISTRATOR], branches=[branch])
    client.force_login(other)
    response = client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert client.post(CONFIRM, {"ticket": "forged:ticket", "import": ""}).status_code == 302


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04 not really", "people.xlsx", "not an Excel workbook"),
        (b"Hat,Coat\n1,2\n", "people.csv", "prs_FirstName or prs_SecondName"),
        (b"\x00\x01\x02\x03", "people.csv", "not a CSV text file"),
    ],
)
def test_a_broken_file_gives_the_form_again_with_a_message(
    client, administrator, branch, data, name, message
):
    client.force_login(administrator)
    response = upload(client, branch, data=data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'type="file"' in response.content.decode()
    assert stored_uploads() == []


def test_a_file_over_the_size_limit_is_refused(client, administrator, branch, settings):
    settings.PEOPLE_IMPORT_MAX_FILE_SIZE = 50
    client.force_login(administrator)
    response = upload(client, branch)
    assert "The file is larger than" in response.content.decode()
    assert stored_uploads() == []


def test_an_xlsx_upload_is_previewed_and_imported(client, administrator, branch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["prs_FirstName", "prs_SecondName", "prs_MobilePhone"])
    sheet.append(["Айгуль", "Каримова", "+998 90 123 45 67"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch, data=buffer.getvalue(), name="people.xlsx"))
    client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert Person.objects.get().contacts.get().value == "+998 90 123 45 67"


def test_an_upload_not_confirmed_in_time_expires_and_is_deleted(
    client, administrator, branch, monkeypatch
):
    import time
    from types import SimpleNamespace

    from django.core import signing

    from matching import views_import

    client.force_login(administrator)
    ticket = ticket_of(upload(client, branch))
    [old] = stored_uploads()
    later = SimpleNamespace(time=lambda: time.time() + views_import.UPLOAD_LIFETIME + 60)
    monkeypatch.setattr(signing, "time", later)
    response = client.post(CONFIRM, {"ticket": ticket, "import": ""})
    assert response.status_code == 302
    assert response.url == UPLOAD
    assert not Person.objects.exists()
    # The next upload, by anyone, deletes what has expired.
    monkeypatch.setattr(views_import, "time", later)
    upload(client, branch)
    assert old not in stored_uploads()
    assert len(stored_uploads()) == 1


def test_the_workspace_takes_fewer_rows_than_the_command(client, administrator, branch, settings):
    settings.PEOPLE_IMPORT_MAX_WORKSPACE_ROWS = 2
    client.force_login(administrator)
    response = upload(client, branch)
    assert "The file has more than 2 rows: split it into smaller files." in (
        response.content.decode()
    )
    assert stored_uploads() == []


def test_a_file_with_only_bad_rows_offers_nothing_to_confirm(client, administrator, branch):
    client.force_login(administrator)
    response = upload(client, branch, data=b"prs_FirstName,prs_Gender\n,F\nIvan,Alien\n")
    page = response.content.decode()
    assert "line 2, column prs_FirstName" in page
    assert "line 3, column prs_Gender" in page
    assert 'name="ticket"' not in page
    assert stored_uploads() == []


def test_markup_in_the_file_is_shown_as_text(client, administrator, branch):
    client.force_login(administrator)
    data = '<script>alert(1)</script>,"<b>x</b>",Alien<img src=x>\n'
    response = upload(
        client, branch, data=("prs_FirstName,prs_SecondName,prs_Gender\n" + data).encode()
    )
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x>" not in page
    assert "&lt;img src=x&gt;" in page
