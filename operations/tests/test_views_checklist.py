"""The risk checklist pages, kept by coordinators; and the default items seeded at install."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import AuditEntry
from operations.models import ChecklistItem

pytestmark = pytest.mark.django_db


def test_the_data_migration_seeds_the_default_checklist():
    migration = importlib.import_module("operations.migrations.0002_default_checklist")
    ChecklistItem.objects.all().delete()
    migration.add_default_items(apps, None)
    texts = list(ChecklistItem.objects.values_list("text_en", flat=True))
    assert texts[0] == "Exit route agreed"
    assert "Law enforcement informed or decision recorded" in texts
    assert len(texts) == 6
    assert all(ChecklistItem.objects.values_list("text_ru", flat=True))


def test_a_coordinator_sees_the_checklist(client, coordinator, checklist):
    client.force_login(coordinator)
    response = client.get(reverse("operations:checklist-list"))
    assert "Exit route agreed" in response.content.decode()


def test_a_coordinator_adds_an_item(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:checklist-item-new"),
        {"text_ru": "Рации проверены", "text_en": "Radios checked", "position": "70"},
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get(text_en="Radios checked")
    assert item.is_active
    assert AuditEntry.objects.filter(verb="operations.checklist_item_added").exists()


def test_an_item_without_text_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:checklist-item-new"), {"text_ru": "", "text_en": "Radios"}
    )
    assert response.status_code == 200
    assert not ChecklistItem.objects.filter(text_en="Radios").exists()


def test_a_coordinator_retires_an_item(client, coordinator, checklist):
    item = checklist[0]
    client.force_login(coordinator)
    client.post(
        reverse("operations:checklist-item-edit", args=[item.pk]),
        {"text_ru": item.text_ru, "text_en": item.text_en, "position": item.position},
    )
    item.refresh_from_db()
    assert not item.is_active


def test_the_text_follows_the_language(checklist):
    from django.utils import translation

    with translation.override("ru"):
        assert checklist[0].text == "Маршрут отхода согласован"
    with translation.override("en"):
        assert checklist[0].text == "Exit route agreed"


def test_a_caseworker_cannot_open_the_checklist_pages(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("operations:checklist-list")).status_code == 403
