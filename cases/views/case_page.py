"""The case page, shared by the GET view and every POST view that shows it again with errors.

What the page contains comes from cases.queries.case_contents (need-to-know); which forms it
offers comes from the `can` object. The template decides nothing else.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from cases import queries
from cases.forms import (
    AssignWorkerForm,
    CaseFileForm,
    CloseCaseForm,
    GrantAccessForm,
    LinkPersonForm,
    NewPersonForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    TaskForm,
)
from cases.models import Case
from cases.views.case_timeline import timeline_rows
from intake.models import HelpRequest
from operations.queries import case_operations

TIMELINE_PAGE_SIZE = 50


def _default_forms(user, case, access, is_closed):
    """The empty forms this user may use on this case, built only when offered. A closed case
    takes notes and files, and can be reopened; other changes wait until it is reopened."""
    forms = {"note": lambda: NoteForm(allow_sensitive=access.view_sensitive)}
    if access.change_status:
        forms["status"] = lambda: StatusForm(case=case, access=access)
    if access.close and not is_closed:
        forms["close"] = CloseCaseForm
    if access.manage_team:
        forms["grant"] = GrantAccessForm
        if not is_closed:
            forms["assign"] = lambda: AssignWorkerForm(workers=queries.assignable_workers(case))
    if access.edit:
        forms["file"] = CaseFileForm
        if not is_closed:
            forms["task"] = lambda: TaskForm(owners=queries.possible_task_owners(case))
            forms["new_person"] = NewPersonForm
            forms["link_person"] = LinkPersonForm
    return forms


def render_case_page(request, case, access, *, form_name=None, form=None, reply_to=None):
    """The case page; `form` (named `form_name`) is one that came back with errors.

    Whoever gets this page has seen the case, so it records the view (also when a form comes
    back with errors), and callers load the case with case_for, which does not.
    """
    user = request.user
    queries.record_case_view(user, case)
    is_closed = case.status == Case.Status.CLOSED
    contents = queries.case_contents(user, case, access)
    forms = {name: make() for name, make in _default_forms(user, case, access, is_closed).items()}
    if form_name is not None and form_name != "reply":
        forms[form_name] = form
    if "status" in forms and form_name != "status" and not forms["status"].has_choices:
        del forms["status"]

    timeline_page = None
    timeline = []
    if access.view_timeline:
        timeline_page = Paginator(contents.timeline, TIMELINE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        timeline = timeline_rows(timeline_page)

    open_form = form_name
    threads = []
    for help_request in contents.requests:
        by_website = help_request.channel == HelpRequest.Channel.WEB_FORM
        form_name_here = f"reply-{help_request.pk}"
        reply_form = None
        if access.reply and by_website:
            reply_form = ReplyForm()
            if reply_to == help_request.pk:
                reply_form, open_form = form, form_name_here
        threads.append(
            {
                "request": help_request,
                "reply_form": reply_form,
                "by_website": by_website,
                "form_name": form_name_here,
            }
        )

    exploitation = {
        "types": Case._meta.get_field("exploitation_types").labels(case.exploitation_types),
        "means_of_control": Case._meta.get_field("means_of_control").labels(case.means_of_control),
        "recruitment_methods": Case._meta.get_field("recruitment_methods").labels(
            case.recruitment_methods
        ),
    }
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can": access,
            "is_closed": is_closed,
            "contents": contents,
            "exploitation": exploitation,
            "forms": forms,
            "open_form": open_form,
            "can_edit_details": access.edit and not is_closed,
            "threads": threads,
            "timeline": timeline,
            "timeline_page": timeline_page,
            "operations": case_operations(user, case),
        },
    )
