"""/workspace/reports/imports/: administrators upload a file and see what was stored and why not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import ImportBatch, StatisticalRecord

pytestmark = pytest.mark.django_db

URL = "/workspace/reports/imports/"
CSV = b"prs_Gender,age_group,year_of_registration\nFeminine,18-20,2021\nF,18-20,2021\n"


def upload(content=CSV):
    return SimpleUploadedFile("partner.csv", content, content_type="text/csv")


def post(client, branch, **fields):
    data = {"file": upload(), "branch": branch.pk, "layout": "auto", **fields}
    return client.post(URL, data)


def test_url_is_the_reports_import_page():
    assert reverse("reports:data-import") == URL


def test_administrator_sees_the_form(client, administrator):
    client.force_login(administrator)

    response = client.get(URL)

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_other_roles_are_refused(client, personas, persona):
    client.force_login(personas[persona])

    assert client.get(URL).status_code == 403


def test_post_without_the_permission_stores_nothing(client, coordinator, branch):
    client.force_login(coordinator)

    response = post(client, branch)

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_upload_stores_good_rows_and_lists_bad_ones(client, administrator, branch):
    client.force_login(administrator)

    response = post(client, branch)

    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert (batch.branch, batch.imported_by, batch.file_name) == (
        branch,
        administrator,
        "partner.csv",
    )
    assert StatisticalRecord.objects.count() == 1
    page = response.content.decode()
    assert "2 rows read: 1 stored in Moscow, 1 rejected." in page
    assert "line 3, column prs_Gender: unknown value &quot;F&quot;" in page


def test_strict_upload_with_a_bad_row_stores_nothing(client, administrator, branch):
    client.force_login(administrator)

    response = post(client, branch, strict="on")

    assert "Nothing was stored: 1 of 2 rows are bad." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_second_upload_of_the_same_file_adds_nothing(client, administrator, branch):
    client.force_login(administrator)
    post(client, branch)

    response = post(client, branch)

    assert "already imported into Moscow" in response.content.decode()
    assert StatisticalRecord.objects.count() == 1


def test_file_of_unknown_columns_is_explained_on_the_form(client, administrator, branch):
    client.force_login(administrator)

    response = post(client, branch, file=upload(b"name,phone\nIvan,1\n"))

    assert "match no known layout" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_recent_imports_are_listed(client, administrator, branch):
    client.force_login(administrator)
    post(client, branch)

    response = client.get(URL)

    assert [batch.file_name for batch in response.context["imports"]] == ["partner.csv"]
