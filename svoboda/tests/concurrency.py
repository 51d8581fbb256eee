"""Running one action from several database connections at once, for race tests.

Only PostgreSQL has real concurrent writers here (the SQLite test database is serialised), so
race tests are skipped on SQLite with `postgresql_only`.
"""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)


def at_once(action, count=2):
    """Call `action()` in `count` threads released together; returns (results, errors)."""
    ready = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            ready.wait(timeout=30)
            # Like the suite's main thread (conftest.py), outside a request code speaks English.
            with translation.override("en"):
                results.append(action())
        except Exception as error:  # collected for the test to assert on
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def slowed(monkeypatch, cls, method, seconds=0.3):
    """Make `cls.method` pause after it runs, widening the window between a check and a write so
    that a missing lock shows every time rather than now and then."""
    import time

    original = getattr(cls, method)

    def slow(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(cls, method, slow)
