"""Cases in the workspace (/workspace/cases/). People and hand-over are in people_urls.py."""

from django.urls import path

from cases.views import case_changes, cases

app_name = "cases"

urlpatterns = [
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/<uuid:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<uuid:pk>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<uuid:pk>/status/", case_changes.case_status, name="case-status"),
    path("cases/<uuid:pk>/close/", case_changes.case_close, name="case-close"),
    path("cases/<uuid:pk>/workers/", case_changes.case_assign, name="case-assign"),
    path(
        "cases/<uuid:pk>/workers/<int:user_id>/remove/",
        case_changes.case_unassign,
        name="case-unassign",
    ),
    path("cases/<uuid:pk>/access/", case_changes.case_grant, name="case-grant"),
    path(
        "cases/<uuid:pk>/access/<int:user_id>/remove/",
        case_changes.case_revoke,
        name="case-revoke",
    ),
    path("cases/<uuid:pk>/tasks/", case_changes.task_add, name="task-add"),
    path("cases/tasks/<int:task_id>/done/", case_changes.task_done, name="task-done"),
    path("cases/<uuid:pk>/notes/", case_changes.note_add, name="note-add"),
    path("cases/<uuid:pk>/files/", case_changes.file_add, name="file-add"),
    path("cases/files/<uuid:pk>/", cases.file_download, name="file-download"),
    path(
        "cases/<uuid:pk>/requests/<uuid:request_id>/reply/",
        case_changes.case_reply,
        name="case-reply",
    ),
    path("cases/<uuid:pk>/people/", case_changes.participant_add, name="participant-add"),
    path("cases/<uuid:pk>/people/link/", case_changes.participant_link, name="participant-link"),
    path(
        "cases/participants/<int:participant_id>/remove/",
        case_changes.participant_remove,
        name="participant-remove",
    ),
]
