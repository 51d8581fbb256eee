"""From the workspace, only administrators (reports.import_htcds) may import data."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from reports.importing import import_file
from reports.models import ImportBatch

pytestmark = pytest.mark.django_db

CSV = "prs_Gender,age_group\nFeminine,18-20\n"


def upload():
    return io.BytesIO(CSV.encode("utf-8"))


def test_administrator_imports_and_is_recorded_as_the_importer(administrator, other_branch):
    result = import_file(upload(), branch=other_branch, actor=administrator, file_name="a.csv")

    assert result.batch.imported_by == administrator
    entry = AuditEntry.objects.get(verb="reports.data_imported")
    assert entry.actor == administrator


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor", "no role"])
def test_other_roles_cannot_import(personas, branch, persona):
    with pytest.raises(PermissionDenied):
        import_file(upload(), branch=branch, actor=personas[persona])

    assert not ImportBatch.objects.exists()
