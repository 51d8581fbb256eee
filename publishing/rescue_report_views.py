"""Rescue reports in the editors' workspace: starting one from a completed operation, and
confirming its anonymisation. The article pages themselves are publishing.views."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import staff_required
from publishing import queries, rescue_reports, views
from publishing.forms import ConfirmAnonymisationForm
from svoboda.errors import DomainError

PAGE_SIZE = 25


@staff_required
@require_http_methods(["GET", "POST"])
def rescue_report_new(request):
    """Completed operations an editor may report on; choosing one and a language starts a
    draft. The list shows only what the public report could say anyway: branch, country,
    month and how many people left exploitation, never a case or a name."""
    views._require(request.user, "publishing.add_article")
    error = None
    if request.method == "POST":
        language = request.POST.get("language", "")
        operation = rescue_reports.operation_to_report(_uuid_or_none(request.POST.get("operation")))
        if operation is None or language not in dict(settings.LANGUAGES):
            error = _("Choose a completed operation and a language.")
        else:
            try:
                article = rescue_reports.start_rescue_report(
                    actor=request.user, operation=operation, language=language
                )
            except DomainError as refusal:
                error = refusal.message
            else:
                messages.success(
                    request,
                    _("The report is saved as a draft. Write it, then check its anonymisation."),
                )
                return redirect(article.get_edit_url())
    page = Paginator(rescue_reports.operations_to_report(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/rescue_report_new.html",
        {"page": page, "languages": settings.LANGUAGES, "error": error},
        status=400 if error else 200,
    )


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@staff_required
@require_POST
def article_confirm_anonymisation(request, pk):
    views._require(request.user, "publishing.publish_article")
    article = queries.article_for_editor(request.user, pk)
    if article.operation_id is None:
        raise Http404
    form = ConfirmAnonymisationForm(request.POST)
    if form.is_valid():
        try:
            rescue_reports.confirm_anonymisation(
                actor=request.user, article=article, fingerprint=form.cleaned_data["fingerprint"]
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The anonymisation is confirmed for this text."))
            return redirect(article.get_edit_url() + "#anonymisation")
    return views._detail_page(request, article, confirm_form=form, status=400)
