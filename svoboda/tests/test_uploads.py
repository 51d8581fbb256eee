import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases import actions
from cases.models import CaseFile
from cases.tests.factories import AssignmentFactory, CaseFactory
from svoboda.uploads import stored_files_removed_on_error


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def stored_names():
    _directories, files = default_storage.listdir("cases")
    return set(files)


@pytest.mark.django_db
def test_a_file_stored_by_a_failing_action_is_removed(branch, caseworker, monkeypatch):
    case = CaseFactory(branch=branch)
    AssignmentFactory(case=case, user=caseworker)
    before = stored_names() if default_storage.exists("cases") else set()

    def audit_down(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("cases.actions.audit.record", audit_down)
    with pytest.raises(RuntimeError):
        actions.add_case_file(actor=caseworker, case=case, upload=png(), content_type="image/png")
    assert not CaseFile.objects.exists()
    assert stored_names() == before


def test_files_stored_in_a_block_that_succeeds_stay():
    with stored_files_removed_on_error() as stored:
        name = default_storage.save("cases/kept", io.BytesIO(b"x"))
        stored.append(default_storage.open(name))
    assert default_storage.exists(name)
    default_storage.delete(name)
