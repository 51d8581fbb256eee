"""The editors' pages in the workspace (/workspace/articles/): the list, writing and translating
articles, and the editorial workflow (review, publication now or later, unpublishing).

Reading needs publishing.view_article; writing publishing.add_article / change_article;
publishing, scheduling and unpublishing publishing.publish_article (the editor role; 403 for
everyone else). The actions check the same permissions again and keep the workflow's rules.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from publishing import actions, anonymisation, queries, rescue_reports
from publishing.forms import ArticleFilterForm, ArticleForm, ConfirmAnonymisationForm, PublishForm
from publishing.models import Article
from svoboda.errors import DomainError

PAGE_SIZE = 25
Status = Article.Status


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _add_error(form, error):
    """A refusal from an action, shown on the form: on its field when the form has one."""
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
    elif hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@staff_required
@require_GET
def article_list(request):
    _require(request.user, "publishing.view_article")
    form = ArticleFilterForm(request.GET or None, categories=queries.categories())
    articles = queries.articles_for_editors(request.user, **form.filters())
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publishing/article_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("publishing.add_article"),
        },
    )


def _workflow(user, article):
    """What this user may do to the article now: the buttons the page shows."""
    change = user.has_perm("publishing.change_article")
    publish = user.has_perm("publishing.publish_article")
    return {
        "edit": change,
        "submit": change and article.status == Status.DRAFT,
        "return_to_draft": change and article.status == Status.IN_REVIEW,
        "publish": publish
        and (article.status in (Status.DRAFT, Status.IN_REVIEW) or article.is_scheduled),
        "unpublish": publish and article.status == Status.PUBLISHED,
    }


def _publish_form_for(article):
    """The time form, showing the current time of a scheduled article so it can be moved."""
    if article.is_scheduled:
        return PublishForm(initial={"publish_at": timezone.localtime(article.publish_at)})
    return PublishForm()


def _anonymisation_context(user, article, confirm_form=None):
    """The anonymisation panel of a rescue report; nothing for other articles."""
    if article.kind != Article.Kind.RESCUE_REPORT:
        return {}
    may_confirm = user.has_perm("publishing.publish_article") and article.status != (
        Status.PUBLISHED
    )
    current = anonymisation.confirmation_is_current(article)
    if may_confirm and not current and confirm_form is None:
        confirm_form = ConfirmAnonymisationForm(
            initial={"fingerprint": anonymisation.fingerprint(article)}
        )
    return {
        "check": rescue_reports.check_report(actor=user, article=article),
        "confirmation_current": current,
        "confirm_form": confirm_form if may_confirm and not current else None,
    }


def _detail_page(request, article, *, publish_form=None, confirm_form=None, error=None, status=200):
    user = request.user
    versions = list(queries.versions_of(article))
    missing = []
    if user.has_perm("publishing.add_article"):
        present = {article.language, *(version.language for version in versions)}
        missing = [
            {"code": code, "name": name} for code, name in settings.LANGUAGES if code not in present
        ]
    can = _workflow(user, article)
    return render(
        request,
        "publishing/article_detail.html",
        {
            "article": article,
            "tags": list(article.tags.all()),
            "versions": versions,
            "missing_languages": missing,
            "revisions": article.revisions.select_related("saved_by"),
            "can": can,
            "publish_form": (publish_form or _publish_form_for(article))
            if can["publish"]
            else None,
            "error": error,
            **_anonymisation_context(user, article, confirm_form),
        },
        status=status,
    )


@staff_required
@require_GET
def article_detail(request, pk):
    _require(request.user, "publishing.view_article")
    return _detail_page(request, queries.article_for_editor(request.user, pk))


def _save_article(request, form, change):
    """Run `change(data, tags)` with the form's data; the article, or None with the refusal on
    the form. Tags named for the first time are created in the same transaction as the article,
    so a refused article leaves no tags behind."""
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    names = data.pop("tags")
    try:
        with transaction.atomic():
            return change(data, actions.tags_named(names))
    except (DomainError, ValidationError) as error:
        _add_error(form, error)
    return None


@staff_required
@require_http_methods(["GET", "POST"])
def article_new(request):
    _require(request.user, "publishing.add_article")
    form = ArticleForm(
        request.POST or None,
        languages=settings.LANGUAGES,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST":
        article = _save_article(
            request,
            form,
            lambda data, tags: actions.create_article(actor=request.user, tags=tags, **data),
        )
        if article is not None:
            messages.success(request, _("The article is saved as a draft."))
            return redirect(article.get_edit_url())
    return render(
        request,
        "publishing/article_form.html",
        {"form": form, "article": None, "original": None},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def article_translate(request, pk, language):
    """A version of the article in another language, started with its category, kind, tags
    and source; the text is the translator's."""
    _require(request.user, "publishing.add_article")
    original = queries.article_for_editor(request.user, pk)
    if language == original.language or language not in dict(settings.LANGUAGES):
        raise Http404
    existing = queries.versions_of(original).filter(language=language).first()
    if existing is not None:
        messages.info(request, _("This article already has a version in that language."))
        return redirect(existing.get_edit_url())
    initial = ArticleForm.initial_for(original)
    initial = {
        name: initial[name]
        for name in ("kind", "category", "tags", "source_name", "source_url")
        if name in initial
    }
    form = ArticleForm(
        request.POST or None, initial=initial, rescue_report=original.operation_id is not None
    )
    if request.method == "POST":
        article = _save_article(
            request,
            form,
            lambda data, tags: actions.create_article(
                actor=request.user,
                language=language,
                translation_of=original,
                tags=tags,
                **data,
            ),
        )
        if article is not None:
            messages.success(request, _("The translation is saved as a draft."))
            return redirect(article.get_edit_url())
    return render(
        request,
        "publishing/article_form.html",
        {
            "form": form,
            "article": None,
            "original": original,
            "language_name": _language_name(language),
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    _require(request.user, "publishing.change_article")
    article = queries.article_for_editor(request.user, pk)
    rescue_report = article.operation_id is not None
    if request.method == "POST":
        form = ArticleForm(request.POST, rescue_report=rescue_report)
        saved = _save_article(
            request,
            form,
            lambda data, tags: actions.update_article(
                actor=request.user, article=article, tags=tags, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("The article is saved."))
            return redirect(saved.get_edit_url())
    else:
        form = ArticleForm(initial=ArticleForm.initial_for(article), rescue_report=rescue_report)
    return render(
        request,
        "publishing/article_form.html",
        {"form": form, "article": article, "original": None},
        status=400 if form.errors else 200,
    )


def _move(request, pk, perm, action, done):
    """One workflow step: the action, then the article's page; a refusal is shown there."""
    _require(request.user, perm)
    article = queries.article_for_editor(request.user, pk)
    try:
        article = action(actor=request.user, article=article)
    except DomainError as error:
        return _detail_page(request, article, error=error.message, status=400)
    messages.success(request, done)
    return redirect(article.get_edit_url())


@staff_required
@require_POST
def article_submit(request, pk):
    return _move(
        request,
        pk,
        "publishing.change_article",
        actions.submit_for_review,
        _("The article is sent for review."),
    )


@staff_required
@require_POST
def article_return(request, pk):
    return _move(
        request,
        pk,
        "publishing.change_article",
        actions.return_to_draft,
        _("The article is back in the drafts."),
    )


@staff_required
@require_POST
def article_unpublish(request, pk):
    return _move(
        request,
        pk,
        "publishing.publish_article",
        actions.unpublish_article,
        _("The article is no longer public: it is a draft again."),
    )


@staff_required
@require_POST
def article_publish(request, pk):
    _require(request.user, "publishing.publish_article")
    article = queries.article_for_editor(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            article = actions.publish_article(
                actor=request.user, article=article, publish_at=form.cleaned_data["publish_at"]
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            if article.is_scheduled:
                messages.success(
                    request,
                    _("The article is scheduled: readers see it from %(time)s.")
                    % {
                        "time": formats.date_format(
                            timezone.localtime(article.publish_at), "DATETIME_FORMAT"
                        )
                    },
                )
            else:
                messages.success(request, _("The article is published."))
            return redirect(article.get_edit_url())
    return _detail_page(request, article, publish_form=form, status=400)


@staff_required
@require_GET
def revision_detail(request, pk, revision_pk):
    _require(request.user, "publishing.view_article")
    article = queries.article_for_editor(request.user, pk)
    revision = get_object_or_404(article.revisions.select_related("saved_by"), pk=revision_pk)
    return render(
        request,
        "publishing/revision_detail.html",
        {"article": article, "revision": revision},
    )
