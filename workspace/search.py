"""The workspace search box: one query across people, cases, help requests and operations.

Each part is read through its own app's need-to-know query, so a result is only ever something
the user could have opened from its own list. People are found by any spelling of their names,
a phone or a document number (matching.search); cases and operations by their reference or
the words of their working title; help requests by reference only (their text is encrypted).
"""

import re
from dataclasses import dataclass, field

from django.db.models import CharField
from django.db.models.functions import Cast

from cases.names import search_words

SHOWN = 10
_REFERENCE = re.compile(r"^[0-9a-fA-F]{8}$")


@dataclass
class Results:
    query: str
    people: list = field(default_factory=list)
    people_count: int = 0
    cases: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    operations: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.people or self.cases or self.requests or self.operations)


def search_workspace(user, query):
    # Straight from the address: PostgreSQL refuses a NUL character in any text it is given.
    query = (query or "").replace("\x00", "").strip()[:200]
    results = Results(query=query)
    if not query:
        return results
    reference = query.lower() if _REFERENCE.match(query) else None
    if user.has_perm("cases.view_person"):
        from cases.queries import find_people

        people = find_people(user, query=query)
        results.people_count = len(people)
        results.people = people[:SHOWN]
    if user.has_perm("cases.view_case"):
        from cases.queries import cases_visible_to

        results.cases = _by_reference_or_title(cases_visible_to(user), reference, query)
    if user.has_perm("intake.view_helprequest") and reference:
        from intake.queries import requests_visible_to

        results.requests = _by_reference(requests_visible_to(user), reference)
    if user.has_perm("operations.view_operation"):
        from operations.queries import operations_visible_to

        results.operations = _by_reference_or_title(operations_visible_to(user), reference, query)
    return results


def _by_reference(queryset, reference):
    # The reference is the first 8 hex digits of the UUID, which both databases write first
    # when they turn it into text (PostgreSQL with hyphens after, SQLite without).
    return list(
        queryset.annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__startswith=reference)
        .order_by("-created_at")[:SHOWN]
    )


def _by_reference_or_title(queryset, reference, query):
    if reference:
        found = _by_reference(queryset, reference)
        if found:
            return found
    words = search_words(query)
    if not words:
        return []
    for word in words:
        queryset = queryset.filter(title__icontains=word)
    return list(queryset.select_related("branch").order_by("-created_at")[:SHOWN])
