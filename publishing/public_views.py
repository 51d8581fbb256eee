"""The public news pages (/ru/news/, /en/news/): lists, categories, the archive by month,
search and the article page, each in the page's language and showing only public articles
(publishing.queries.published).

Every list links its articles with ?back=<the list's address>, so that an article's "back to
the list" returns the reader to the page, category, month or search they came from. The
address is checked to be one of this language's news pages before it becomes a link.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language_info
from django.views.decorators.http import require_safe

from publishing import queries
from publishing.public_forms import SearchForm
from website.page_cache import back_placeholder, not_stored, public_page

PAGE_SIZE = 10


def _page(request, articles):
    asked = request.GET.get("page")
    page = Paginator(articles, PAGE_SIZE).get_page(asked)
    if asked is not None and asked != str(page.number):
        not_stored(request)
    return page


def _list_context(request, articles, **extra):
    return {
        "page": _page(request, articles),
        "back": request.get_full_path(),
        "categories": queries.categories(),
        **extra,
    }


@require_safe
@public_page(query=("page",))
def article_list(request):
    language = translation.get_language()
    context = _list_context(
        request,
        queries.public_list(language),
        months=queries.public_months(language),
    )
    return render(request, "publishing/public/article_list.html", context)


@require_safe
@public_page(query=("page",))
def category(request, slug):
    language = translation.get_language()
    category = queries.public_category(slug)
    context = _list_context(
        request, queries.public_list(language, category=category), category=category
    )
    return render(request, "publishing/public/category.html", context)


@require_safe
@public_page(query=("page",))
def archive(request, year, month):
    articles, month_start = queries.public_month(translation.get_language(), year, month)
    context = _list_context(request, articles, month=month_start)
    return render(request, "publishing/public/archive.html", context)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "searched": "q" in request.GET, "categories": queries.categories()}
    if form.is_valid():
        articles = queries.public_search(translation.get_language(), form.cleaned_data["q"])
        query = urlencode({"q": form.cleaned_data["q"]})
        context |= _list_context(request, articles, query=query)
    return render(request, "publishing/public/search.html", context)


@require_safe
@public_page(query=("back",))
def article(request, slug):
    language = translation.get_language()
    article = queries.public_article(language, slug)
    translations = list(queries.public_translations(article))
    back = back_link(request)
    context = {
        "article": article,
        "tags": article.tags.all(),
        "translations": translations,
        "related": queries.related_articles(article),
        "back": back,
        # The link as the page shows it: a placeholder when the page is stored for every
        # reader, each reader's own link put in its place (website.page_cache).
        "back_href": back_placeholder(request, back),
        "absolute_url": request.build_absolute_uri(article.get_absolute_url()),
        "language_alternates": _article_alternates(article, translations),
    }
    return render(request, "publishing/public/article.html", context)


def back_link(request):
    """Where "back to the list" goes: the news page the reader came from, if ?back= names one
    of this language's news pages, or else the news list."""
    news = reverse("news:list")
    back = request.GET.get("back", "")
    if (
        back.startswith(news)
        and len(back) <= 500
        and "\\" not in back
        and url_has_allowed_host_and_scheme(back, allowed_hosts=None)
    ):
        return back
    return news


def _article_alternates(article, translations):
    """The article in every language, for the language switcher and hreflang.

    Not the site's usual alternates (website.context_processors.languages): a translation has
    its own address. A language without a published version gets no hreflang, and its switcher
    link goes to that language's news list.
    """
    versions = {version.language: version for version in [article, *translations]}
    alternates = []
    for code, _name in settings.LANGUAGES:
        version = versions.get(code)
        if version is not None:
            url = version.get_absolute_url()
        else:
            with translation.override(code):
                url = reverse("news:list")
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == article.language,
                "is_fallback": version is None,
            }
        )
    return alternates


@require_safe
@public_page()
def feed_list(request):
    """The "Sign up to news feeds" page: every feed of this language, with its address to copy
    into a feed reader."""

    def row(name, rss, atom):
        return {
            "name": name,
            "rss": request.build_absolute_uri(rss),
            "atom": request.build_absolute_uri(atom),
        }

    rows = [row(None, reverse("feeds:rss"), reverse("feeds:atom"))]
    for category in queries.categories():
        rows.append(
            row(
                category,
                reverse("feeds:category-rss", args=[category.slug]),
                reverse("feeds:category-atom", args=[category.slug]),
            )
        )
    return render(request, "publishing/public/feed_list.html", {"feeds": rows})
