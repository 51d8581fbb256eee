"""HTTP hardening: every response carries the Content-Security-Policy and Permissions-Policy,
the help pages send no Referer at all and their forms still pass the CSRF check, and no
template holds anything the policy would block (inline script, event handlers, inline style).

The browser test (test_browser_csp.py) shows the pages working with the policy enforced.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from publishing.tests.factories import published

CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
}


def directives(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def pages(client, coordinator):
    """A response of every kind: public, help, workspace, admin, error, redirect, static, probe."""
    article = published()
    anonymous = Client()
    client.force_login(coordinator)
    return {
        "home": anonymous.get("/en/"),
        "help form": anonymous.get("/ru/help/"),
        "article": anonymous.get(article.get_absolute_url()),
        "sign-in redirect": anonymous.get("/workspace/"),
        "sign-in": anonymous.get("/accounts/login/"),
        "not found": anonymous.get("/en/no-such-page/"),
        "admin": anonymous.get("/admin/login/"),
        "healthz": anonymous.get("/healthz"),
        "stylesheet": anonymous.get("/static/css/public.css"),
        "dashboard": client.get("/workspace/"),
        "requests": client.get("/workspace/requests/"),
    }


@pytest.mark.django_db
def test_every_response_carries_the_content_security_policy(pages):
    for name, response in pages.items():
        assert directives(response) >= CSP_DIRECTIVES, name


@pytest.mark.django_db
def test_the_policy_allows_no_inline_script_or_style(pages):
    policy = pages["home"]["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "nonce-" not in policy


@pytest.mark.django_db
def test_every_response_switches_off_camera_microphone_location_and_more(pages):
    for name, response in pages.items():
        features = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (name, feature)
        assert features["interest-cohort"] == "()", name


@pytest.mark.django_db
def test_no_page_may_be_framed(pages):
    for name, response in pages.items():
        assert "frame-ancestors 'none'" in directives(response), name
        if response["Content-Type"].startswith("text/html"):
            assert response["X-Frame-Options"] == "DENY", name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ru/help/", "/en/help/", "/en/help/follow-up/", "/ru/help/follow-up/"]
)
def test_help_pages_send_no_referer_at_all(client, path):
    response = client.get(path)
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="referrer" content="no-referrer">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/ru/volunteer/", "/accounts/login/"])
def test_other_pages_send_a_referer_only_within_the_site(client, path):
    response = client.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()


@pytest.mark.django_db
def test_the_workspace_sends_a_referer_only_within_the_site(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/workspace/")["Referrer-Policy"] == "same-origin"


# CSRF with the help pages' no-referrer policy. A browser posts a form from a no-referrer page
# with `Origin: null` and no Referer; over HTTPS Django would refuse both.


def csrf_client(path):
    client = Client(enforce_csrf_checks=True)
    client.get(path, secure=True)
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/help/", "/en/help/follow-up/"])
def test_a_help_form_posted_from_its_no_referrer_page_passes_the_csrf_check(path):
    client, token = csrf_client(path)
    response = client.post(
        path, {"csrfmiddlewaretoken": token}, secure=True, headers={"Origin": "null"}
    )
    assert response.status_code != 403


@pytest.mark.django_db
def test_a_help_form_without_its_token_is_still_refused():
    client, _token = csrf_client("/en/help/")
    response = client.post("/en/help/", {}, secure=True, headers={"Origin": "null"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_help_form_posted_from_another_site_is_still_refused():
    client, token = csrf_client("/en/help/")
    response = client.post(
        "/en/help/",
        {"csrfmiddlewaretoken": token},
        secure=True,
        headers={"Origin": "https://attacker.example"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/en/volunteer/"])
def test_other_forms_refuse_an_opaque_origin(path):
    client, token = csrf_client(path)
    response = client.post(
        path, {"csrfmiddlewaretoken": token}, secure=True, headers={"Origin": "null"}
    )
    assert response.status_code == 403


# Templates: nothing in them that the policy blocks. A scan of the sources, so that a template
# no test renders is covered too.


def project_templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += sorted(Path(settings.BASE_DIR).glob("*/templates"))
    return [path for root in roots for path in sorted(root.rglob("*.html"))]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", re.I)
SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*\bsrc=[^>]*>\s*[^<\s]", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)
SCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
HTMX_WRITE = re.compile(r"\shx-(post|put|patch|delete)\s*=", re.I)


def offences(pattern):
    found = []
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {match.group(0)[:80]}")
    return found


def test_the_scan_finds_the_templates():
    names = {path.name for path in project_templates()}
    assert {"base_public.html", "base_staff.html", "base_help.html", "500.html"} <= names


def test_no_template_holds_an_inline_script():
    assert offences(INLINE_SCRIPT) == []
    assert offences(SCRIPT_WITH_BODY) == []


def test_no_template_holds_an_event_handler_attribute():
    assert offences(EVENT_HANDLER) == []


def test_no_template_holds_a_javascript_url():
    assert offences(SCRIPT_URL) == []


def test_no_template_holds_an_inline_style():
    assert offences(INLINE_STYLE) == []


def test_htmx_writes_send_the_csrf_token():
    """No page uses htmx today; one that posts with it must get the token from the staff base
    template's hx-headers, or Django refuses every such request."""
    if offences(HTMX_WRITE):
        base = (Path(settings.BASE_DIR) / "templates" / "base_staff.html").read_text()
        assert "hx-headers" in base and "X-CSRFToken" in base


@pytest.mark.parametrize(
    ("pattern", "html"),
    [
        (INLINE_SCRIPT, "<script>alert(1)</script>"),
        (INLINE_SCRIPT, '<script type="module">import "x"</script>'),
        (SCRIPT_WITH_BODY, '<script src="/a.js">alert(1)</script>'),
        (EVENT_HANDLER, '<button type="button" onclick="go()">'),
        (EVENT_HANDLER, '<form hx-on:submit="go()">'),
        (INLINE_STYLE, '<p class="x" style="color: red">'),
        (INLINE_STYLE, "<style>p {}</style>"),
        (SCRIPT_URL, '<a href="javascript:go()">'),
    ],
)
def test_the_scan_catches_what_it_looks_for(pattern, html):
    assert pattern.search(html)


@pytest.mark.parametrize(
    ("pattern", "html"),
    [
        (INLINE_SCRIPT, '<script src="/static/js/quick-exit.js" defer></script>'),
        (EVENT_HANDLER, '<a class="button" data-quick-exit href="/">Quick exit</a>'),
        (INLINE_STYLE, '<link rel="stylesheet" href="/static/css/public.css">'),
    ],
)
def test_the_scan_lets_the_allowed_forms_through(pattern, html):
    assert not pattern.search(html)


def test_the_deploy_check_warns_without_a_csrf_middleware(settings):
    from svoboda.security import check_csrf_middleware

    assert check_csrf_middleware(None) == []
    settings.MIDDLEWARE = [
        path for path in settings.MIDDLEWARE if not path.endswith("CsrfViewMiddleware")
    ]
    assert [warning.id for warning in check_csrf_middleware(None)] == ["svoboda.W003"]


# Staff pages, TRACE and signing out (svoboda.security.StaffPagesMiddleware, accounts.views).


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/workspace/", "/workspace/requests/", "/workspace/profile/"])
def test_pages_for_signed_in_staff_are_never_stored_in_a_cache(client, coordinator, path):
    client.force_login(coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_keep_their_own_caching_for_staff_too(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/en/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/workspace/", "/ru/help/", "/accounts/login/"])
def test_trace_is_refused_everywhere(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405


@pytest.mark.django_db
def test_signing_out_asks_the_browser_to_forget_the_site(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_in_production_the_session_cookie_is_host_only_and_secure():
    """The production settings, read in a fresh interpreter (the suite's own relax them)."""
    import subprocess
    import sys

    code = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='svoboda.settings';"
        "os.environ.setdefault('SECRET_KEY','x'*60);"
        "os.environ['FIELD_ENCRYPTION_KEYS']='cHJvZHVjdGlvbi1zZXR0aW5ncy10ZXN0LW9ubHktISE=';"
        "os.environ['SEARCH_DIGEST_KEY']='production-settings-test-only-' + 'z' * 10;"
        "os.environ['DEBUG']='false';"
        "from django.conf import settings;"
        "print(settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["__Host-svoboda-session", "True"], result.stderr
