from django.shortcuts import render
from django.utils import translation

from publishing.queries import latest_public
from website import queries, statistics
from website.page_cache import public_page

HOME_NEWS_COUNT = 5


@public_page()
def home(request):
    """The mission, the way to ask for help, what the work has achieved so far, and the news."""
    return render(
        request,
        "website/home.html",
        {
            "figures": queries.impact_figures(),
            "latest_news": latest_public(translation.get_language(), HOME_NEWS_COUNT),
        },
    )


def network(request):
    """Where the movement works: countries and cities only, never people."""
    return render(request, "website/network.html", {"countries": queries.where_we_work()})


def impact(request):
    """Our work in numbers: the impact figures, and the victims known to the organisation broken
    down as website.statistics describes, with no number small enough to single anyone out."""
    return render(request, "website/impact.html", {"page": statistics.statistics_page()})
