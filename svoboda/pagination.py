"""Bounded pagination for lists that grow with the organisation's history.

Django's Paginator counts every row a list's filters match, on every page view: at a million
cases that count alone costs more than the page. A BoundedPaginator counts at most `limit` rows
(COUNT over a LIMIT subquery, which stops early), and pages only through those; beyond them the
list says "more than", and the filters (status, branch, dates) narrow it. Lists are ordered
newest or most urgent first, so what is cut off is the oldest.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# 40 pages of 25, 20 of 50: more than anyone pages through; filters find the rest.
DEFAULT_LIMIT = 1000


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or DEFAULT_LIMIT

    @cached_property
    def counted(self):
        """Rows matched, counting no further than limit + 1."""
        if isinstance(self.object_list, list):
            return len(self.object_list[: self.limit + 1])  # a ranked search
        # COUNT over a LIMIT, without the order or the annotations of the rows shown: any
        # limit + 1 matching rows will do, and the database stops at them.
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @property
    def is_bounded(self):
        """True when more rows match than the list pages through."""
        return self.counted > self.limit

    @cached_property
    def count(self):
        return min(self.counted, self.limit)
