import pytest
from django.urls import reverse

import audit
from audit.models import AuditEntry

URL = reverse("audit:entry-list")


def test_administrator_reads_the_trail(client, administrator, caseworker):
    audit.record(actor=caseworker, verb="accounts.profile_updated", target=caseworker)
    client.force_login(administrator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "caseworker@example.org" in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_other_roles_may_not_read_the_trail(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_filters_combine(client, administrator, caseworker, coordinator):
    audit.record(actor=caseworker, verb="accounts.profile_updated", target=caseworker)
    audit.record(actor=coordinator, verb="accounts.profile_updated", target=coordinator)
    client.force_login(administrator)
    response = client.get(URL, {"actor": "caseworker", "verb": "accounts.profile_updated"})
    assert [entry.actor_label for entry, _label in response.context["rows"]] == [
        "caseworker@example.org"
    ]


def test_a_reversed_date_range_is_explained_and_kept(client, administrator):
    client.force_login(administrator)
    response = client.get(URL, {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="2026-02-01"' in response.content.decode()


def test_a_nonsense_filter_value_is_a_form_error_not_a_crash(client, administrator):
    client.force_login(administrator)
    response = client.get(URL, {"since": "yesterday", "target_type": "999999", "page": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"since", "target_type"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_trail_cannot_be_changed_through_the_view(client, administrator, caseworker, method):
    audit.record(actor=caseworker, verb="accounts.profile_updated")
    client.force_login(administrator)
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert AuditEntry.objects.count() == 1


def test_the_admin_shows_entries_read_only(client, administrator, caseworker):
    entry = audit.record(actor=caseworker, verb="accounts.profile_updated")
    client.force_login(administrator)
    change_url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    delete_url = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.get(change_url).status_code == 200  # the read-only view
    client.post(change_url, {"verb": "x"})
    client.post(delete_url, {"post": "yes"})
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.verb == "accounts.profile_updated"


def test_list_queries_do_not_grow_with_entries(
    client, administrator, caseworker, django_assert_max_num_queries
):
    client.force_login(administrator)
    audit.record(actor=caseworker, verb="accounts.profile_updated", target=caseworker)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _n in range(30):
        audit.record(actor=caseworker, verb="accounts.profile_updated", target=caseworker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
