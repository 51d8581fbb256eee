"""Every URL under /workspace/ and /admin/ refuses anonymous users, including future ones.

The walk builds a sample path for each pattern of the project's URLconf, so a page added by any
later feature is covered without touching this test.
"""

import re
import uuid
from re import _parser as sre_parse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

CONVERTER_SAMPLES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "sample/path",
    "uuid": str(uuid.UUID(int=1)),
}


def sample_for_route(route):
    def replace(match):
        converter = match.group(1) or "str"
        return CONVERTER_SAMPLES.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", replace, route)


def sample_for_regex(regex):
    """The shortest string the regular expression matches, good enough for URL patterns."""

    def build(parsed):
        out = []
        for op, arg in parsed:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "SUBPATTERN":
                out.append(build(arg[-1]))
            elif name == "BRANCH":
                out.append(build(arg[1][0]))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, _high, item = arg
                out.append(build(item) * max(low, 1))
            elif name == "IN":
                out.append(pick_from_set(arg))
            elif name in ("ANY", "NOT_LITERAL"):
                out.append("a")
            elif name == "CATEGORY":
                out.append("1")
        return "".join(out)

    def pick_from_set(items):
        for op, arg in items:
            if str(op) == "LITERAL":
                return chr(arg)
            if str(op) == "RANGE":
                return chr(arg[0])
            if str(op) == "NEGATE":
                return "a"
            if str(op) == "CATEGORY":
                return "1"
        return "a"

    return build(sre_parse.parse(regex))


def walk(patterns, prefix=""):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            piece = sample_for_route(str(pattern))
        elif isinstance(pattern, RegexPattern):
            piece = sample_for_regex(pattern.regex.pattern.lstrip("^").rstrip("$").rstrip("\\Z"))
        else:  # LocalePrefixPattern of i18n_patterns
            piece = "en/"
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + piece


def protected_paths():
    return sorted(
        {p for p in walk(get_resolver().url_patterns) if p.startswith(("/workspace/", "/admin/"))}
    )


def test_the_walk_finds_the_workspace_and_the_admin():
    paths = protected_paths()
    assert "/workspace/" in paths
    assert "/workspace/branches/1/" in paths
    assert "/admin/accounts/user/" in paths


# The admin's own sign-in form is the one page there that must answer an anonymous visitor.
OPEN_TO_ANONYMOUS = {"/admin/login/"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in protected_paths() if p not in OPEN_TO_ANONYMOUS])
def test_protected_url_refuses_an_anonymous_user(client, path):
    """It redirects (through at most a trailing slash or the admin index) to a login page."""
    response = client.get(path)
    for _hop in range(3):
        assert response.status_code in (301, 302), (path, response.status_code)
        location = response.headers["Location"]
        if "/login/" in location:
            return
        response = client.get(location)
    pytest.fail(f"{path} never asked for a login")
