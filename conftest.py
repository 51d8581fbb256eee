"""Personas shared by the whole suite, one per role, in two branches.

Alice-style naming after healthchecks' hc/test.py: each fixture is a person with a clear job.
"""

import os

import pytest
from django.utils import translation

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code run outside a request (actions, queries) speaks English in tests, whatever an earlier
    test's request activated; otherwise messages would follow test order. Requests still choose
    their own language (/ru/ pages, the user's workspace language)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and per-address mail counts live in the cache; each test starts empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def seeded_categories(request):
    """The news categories come from a data migration. A transaction=True test empties every
    table when it ends, seeded rows included, so put them back for each test that uses the
    database (they are looked up by slug, never created by tests)."""
    import importlib

    from django.apps import apps

    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    migration = importlib.import_module("publishing.migrations.0002_categories")
    migration.add_categories(apps, None)


@pytest.fixture(autouse=True)
def force_login_is_not_a_sign_in(monkeypatch):
    """client.force_login stands for "already signed in, with the second factor": it writes no
    "signed in" audit entry, so a test that counts entries counts only what it does, and it
    marks the session as verified by an authenticator, as the code page would. Real sign-ins
    through the login form are audited and must pass the code page as ever
    (accounts/tests/test_sessions.py, accounts/tests/test_two_factor.py)."""
    from django.contrib.auth.signals import user_logged_in
    from django.test import Client

    from accounts.sessions import RECORD_LOGIN, record_login

    force_login = Client.force_login

    def without_audit(self, user, backend=None):
        user_logged_in.disconnect(dispatch_uid=RECORD_LOGIN)
        try:
            force_login(self, user, backend)
        finally:
            user_logged_in.connect(record_login, dispatch_uid=RECORD_LOGIN)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", without_audit)


def verify_second_factor(client, user):
    """Mark the client's session as having given a code from an authenticator app."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def branch(db):
    return BranchFactory(name="Moscow", city="Moscow", country="RU")


@pytest.fixture
def other_branch(db):
    return BranchFactory(name="Harare", city="Harare", country="ZW")


@pytest.fixture
def administrator(branch):
    return UserFactory(email="admin@example.org", roles=[Role.ADMINISTRATOR], branches=[branch])


@pytest.fixture
def coordinator(branch):
    return UserFactory(email="coordinator@example.org", roles=[Role.COORDINATOR], branches=[branch])


@pytest.fixture
def coordinator_other_branch(other_branch):
    return UserFactory(
        email="coordinator.harare@example.org", roles=[Role.COORDINATOR], branches=[other_branch]
    )


@pytest.fixture
def caseworker(branch):
    return UserFactory(email="caseworker@example.org", roles=[Role.CASEWORKER], branches=[branch])


@pytest.fixture
def volunteer(branch):
    return UserFactory(email="volunteer@example.org", roles=[Role.VOLUNTEER], branches=[branch])


@pytest.fixture
def editor(branch):
    return UserFactory(email="editor@example.org", roles=[Role.EDITOR], branches=[branch])


@pytest.fixture
def user_without_role(branch):
    return UserFactory(email="norole@example.org", branches=[branch])


@pytest.fixture
def personas(administrator, coordinator, caseworker, volunteer, editor, user_without_role):
    return {
        "administrator": administrator,
        "coordinator": coordinator,
        "caseworker": caseworker,
        "volunteer": volunteer,
        "editor": editor,
        "no role": user_without_role,
    }


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from svoboda.tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), with Django's SMTP backend pointed at it:
    mail goes through the same code path as in production. `smtp_server.messages` holds what
    it received, as email.message.EmailMessage objects."""
    import email
    import socket
    from email import policy

    from aiosmtpd.controller import Controller

    class Collector:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector
    finally:
        controller.stop()
