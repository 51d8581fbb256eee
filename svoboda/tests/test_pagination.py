"""Bounded pagination: a list counts no further than its limit (svoboda.pagination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Branch
from svoboda.pagination import BoundedPaginator


@pytest.fixture
def branches(db):
    return Branch.objects.bulk_create(
        Branch(name=f"Branch {n:02}", city="City", country="RU") for n in range(12)
    )


def test_a_list_under_the_limit_is_counted_exactly(branches):
    paginator = BoundedPaginator(Branch.objects.order_by("name"), 5, limit=20)
    assert paginator.count == 12
    assert not paginator.is_bounded
    assert paginator.num_pages == 3


def test_a_list_over_the_limit_is_counted_only_to_it_and_pages_through_it(branches):
    paginator = BoundedPaginator(Branch.objects.order_by("name"), 3, limit=6)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 6
    # One COUNT over a LIMIT: the database stops at limit + 1 rows.
    assert len(captured.captured_queries) == 1
    assert "LIMIT 7" in captured.captured_queries[0]["sql"]
    assert paginator.is_bounded
    assert paginator.num_pages == 2
    last = paginator.get_page(99)
    assert [b.name for b in last] == ["Branch 03", "Branch 04", "Branch 05"]


def test_a_ranked_list_is_bounded_too():
    paginator = BoundedPaginator(list(range(30)), 10, limit=20)
    assert paginator.count == 20 and paginator.is_bounded
    assert list(paginator.get_page(2)) == list(range(10, 20))
