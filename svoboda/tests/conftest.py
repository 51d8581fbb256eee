import pytest
from django.core.files.storage import default_storage


@pytest.fixture
def storage(settings):
    """A fresh, empty file storage for this test (the suite keeps uploads in memory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage
