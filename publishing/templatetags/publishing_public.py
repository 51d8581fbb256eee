"""Pieces of the news for other apps' public pages.

The home page belongs to the website app; it shows the latest news through this tag so that the
reading stays in publishing.queries (public articles only) and the website app needs no
knowledge of articles.
"""

from django import template
from django.utils import translation

from publishing import queries

register = template.Library()


@register.inclusion_tag("publishing/public/_latest.html")
def latest_news(limit=5):
    """The newest public articles in the page's language."""
    return {"articles": queries.latest_public(translation.get_language(), limit)}
