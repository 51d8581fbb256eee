"""The public event pages, under /ru/events/ and /en/events/: the upcoming and past events of the
page's language, one event with its programme, and the event as an iCalendar file.

Only published events are shown (publishing.event_queries); anything else is a 404.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.views.decorators.http import require_safe

from publishing import event_queries, ical, markdown

PAST_PAGE_SIZE = 10
# The long texts are read on the event's page only, never in a list.
LONG_TEXTS = ["description", "participants", "materials", "report"]


def markdown_html(text):
    """An editor's Markdown as HTML to show. publishing.markdown.render sanitises it (no script,
    nothing loaded from another host), so it is marked safe here and only here."""
    return mark_safe(markdown.render(text)) if text else ""  # nosec B308 B703 # noqa: S308


@require_safe
def event_list(request):
    language = translation.get_language()
    past = Paginator(event_queries.past(language).defer(*LONG_TEXTS), PAST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/events/public_list.html",
        {
            # Later pages of the past events are about the past only.
            "upcoming": event_queries.upcoming(language).defer(*LONG_TEXTS)
            if past.number == 1
            else None,
            "past": past,
        },
    )


@require_safe
def event_detail(request, slug):
    event = event_queries.public_event(translation.get_language(), slug)
    versions = list(event_queries.public_versions(event))
    programme = list(event.programme.all())
    context = {
        "event": event,
        "programme": programme,
        # A programme over several days shows the date of each item, not only its time.
        "programme_days": len(ical.programme_days(event, programme)) > 1,
        "versions": versions,
        "is_over": event_queries.is_over(event),
        "participants": [line.strip() for line in event.participants.splitlines() if line.strip()],
        "description_html": markdown_html(event.description),
        "materials_html": markdown_html(event.materials),
        "report_html": markdown_html(event.report),
        "absolute_url": request.build_absolute_uri(event.get_absolute_url()),
        "language_alternates": _event_alternates(event, versions),
    }
    return render(request, "publishing/events/public_detail.html", context)


@require_safe
def event_ics(request, slug):
    event = event_queries.public_event(translation.get_language(), slug)
    body = ical.event_calendar(event, url=request.build_absolute_uri(event.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
    return response


def _event_alternates(event, versions):
    """The event in every language, for the language switcher and hreflang.

    Not the site's usual alternates (website.context_processors.languages): a version in another
    language has its own address. A language without a published version gets no hreflang, and
    its switcher link goes to that language's event list.
    """
    by_language = {version.language: version for version in [event, *versions]}
    alternates = []
    for code, _name in settings.LANGUAGES:
        version = by_language.get(code)
        if version is not None:
            url = version.get_absolute_url()
        else:
            with translation.override(code):
                url = reverse("events:list")
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == event.language,
                "is_fallback": version is None,
            }
        )
    return alternates
