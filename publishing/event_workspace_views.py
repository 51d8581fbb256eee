"""The editors' event pages, under /workspace/events/: the list (upcoming first, then past), a new
event, its page with the programme (and a page to correct one item of it), editing, a version in
another language, and publishing.

Every page needs the workspace and publishing.view_event; writing needs publishing.add_event or
publishing.change_event, checked here for a clear 403 and again in publishing.event_actions.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from publishing import event_actions, event_queries
from publishing.event_forms import EventForm, ProgrammeItemForm, ProgrammeTranslationForm
from publishing.event_views import LONG_TEXTS, markdown_html
from svoboda.errors import DomainError

PAST_PAGE_SIZE = 25


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _add_error(form, error):
    """A broken rule (DomainError) or a model check (ValidationError) shown on the form."""
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_errors in error.message_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, field_errors)


def _detail_url(event):
    return reverse("workspace-events:event-detail", args=[event.pk])


def _language_name(code):
    return dict(settings.LANGUAGES)[code]


@staff_required
@require_GET
def event_list(request):
    _require(request.user, "publishing.view_event")
    past = Paginator(
        event_queries.past_for_editors(request.user).defer(*LONG_TEXTS), PAST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/events/event_list.html",
        {
            "upcoming": event_queries.upcoming_for_editors(request.user).defer(*LONG_TEXTS)
            if past.number == 1
            else None,
            "past": past,
            "can_add": request.user.has_perm("publishing.add_event"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.add_event")
    form = EventForm(
        request.POST or None,
        languages=settings.LANGUAGES,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        try:
            event = event_actions.create_event(
                actor=request.user,
                language=form.cleaned_data["language"],
                title=fields.pop("title"),
                **fields,
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("The event is saved. It is not public until you publish it.")
            )
            return redirect(_detail_url(event))
    return render(
        request,
        "publishing/events/event_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail_page(request, event, *, item_form=None, error=None, status=200):
    user = request.user
    programme = list(event.programme.all())
    versions = list(event_queries.versions_for_editors(user, event))
    taken = {event.language, *(version.language for version in versions)}
    can = {
        "add": user.has_perm("publishing.add_event"),
        "change": user.has_perm("publishing.change_event"),
    }
    context = {
        "event": event,
        "programme": programme,
        "untranslated": event_queries.programme_titles_as_in_other_versions(event, programme)
        if versions and programme
        else set(),
        "versions": versions,
        "missing_languages": [
            {"code": code, "name": name} for code, name in settings.LANGUAGES if code not in taken
        ]
        if can["add"]
        else [],
        "participants": [line.strip() for line in event.participants.splitlines() if line.strip()],
        "description_html": markdown_html(event.description),
        "materials_html": markdown_html(event.materials),
        "report_html": markdown_html(event.report),
        "is_over": event_queries.is_over(event),
        "can": can,
        "error": error,
        "item_form": (
            item_form or ProgrammeItemForm(initial=ProgrammeItemForm.initial_for(event, programme))
        )
        if can["change"]
        else None,
    }
    return render(request, "publishing/events/event_detail.html", context, status=status)


@staff_required
@require_GET
def event_detail(request, pk):
    _require(request.user, "publishing.view_event")
    return _detail_page(request, event_queries.event_for_editor(request.user, pk))


@staff_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.change_event")
    event = event_queries.event_for_editor(request.user, pk)
    form = EventForm(
        request.POST or None,
        initial=EventForm.initial_for(event),
        slug_locked=event.is_published,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event_actions.update_event(actor=request.user, event=event, **form.event_fields())
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(_detail_url(event))
    return render(
        request,
        "publishing/events/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def event_translate(request, pk, language):
    """A version of the event in another language, started from a copy of this one."""
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.add_event")
    original = event_queries.event_for_editor(request.user, pk)
    if language not in dict(settings.LANGUAGES) or language == original.language:
        raise Http404
    existing = event_queries.versions_for_editors(request.user, original).filter(language=language)
    existing = existing.first()
    if existing is not None:
        messages.info(request, _("This event already has a version in that language."))
        return redirect(_detail_url(existing))
    form = EventForm(request.POST or None, initial=EventForm.initial_for(original, with_slug=False))
    programme_form = ProgrammeTranslationForm(
        request.POST or None, programme=list(original.programme.all())
    )
    if request.method == "POST" and form.is_valid() and programme_form.is_valid():
        fields = form.event_fields()
        try:
            event = event_actions.create_event(
                actor=request.user,
                language=language,
                title=fields.pop("title"),
                translation_of=original,
                programme_texts=programme_form.programme_texts(),
                **fields,
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The version is saved with the original's programme. Check the programme, "
                    "then publish the version when it is ready."
                ),
            )
            return redirect(_detail_url(event))
    return render(
        request,
        "publishing/events/event_form.html",
        {
            "form": form,
            "programme_form": programme_form if programme_form.items else None,
            "original": original,
            "language": language,
            "language_name": _language_name(language),
        },
        status=400 if form.errors or programme_form.errors else 200,
    )


def _set_published(request, pk, published):
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.change_event")
    event = event_queries.event_for_editor(request.user, pk)
    try:
        event = event_actions.set_event_published(
            actor=request.user, event=event, published=published
        )
    except DomainError as error:
        return _detail_page(request, event, error=error.message, status=400)
    if published:
        messages.success(request, _("The event is on the public site."))
    else:
        messages.success(request, _("The event is no longer on the public site."))
    return redirect(_detail_url(event))


@staff_required
@require_POST
def event_publish(request, pk):
    return _set_published(request, pk, True)


@staff_required
@require_POST
def event_unpublish(request, pk):
    return _set_published(request, pk, False)


@staff_required
@require_POST
def programme_add(request, pk):
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.change_event")
    event = event_queries.event_for_editor(request.user, pk)
    form = ProgrammeItemForm(request.POST)
    if form.is_valid():
        try:
            event_actions.add_programme_item(actor=request.user, event=event, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The item is added to the programme."))
            return redirect(_detail_url(event) + "#programme")
    return _detail_page(request, event, item_form=form, status=400)


def _programme_item(request, pk, item_pk):
    """The event an editor may change and its item; an item of another event is not found."""
    _require(request.user, "publishing.view_event")
    _require(request.user, "publishing.change_event")
    event = event_queries.event_for_editor(request.user, pk)
    item = event.programme.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return event, item


@staff_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk, item_pk):
    event, item = _programme_item(request, pk, item_pk)
    form = ProgrammeItemForm(request.POST or None, initial=ProgrammeItemForm.initial_from(item))
    if request.method == "POST" and form.is_valid():
        try:
            event_actions.update_programme_item(actor=request.user, item=item, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The programme item is saved."))
            return redirect(_detail_url(event) + "#programme")
    return render(
        request,
        "publishing/events/programme_item_form.html",
        {
            "event": event,
            "item": item,
            "form": form,
            # The versions keep their own copy of the programme (event_actions): say so.
            "has_versions": event_queries.versions_for_editors(request.user, event).exists(),
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def programme_remove(request, pk, item_pk):
    event, item = _programme_item(request, pk, item_pk)
    event_actions.remove_programme_item(actor=request.user, item=item)
    messages.success(request, _("The item is removed from the programme."))
    return redirect(_detail_url(event) + "#programme")
