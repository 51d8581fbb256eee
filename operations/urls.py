"""Rescue operations in the workspace (/workspace/operations/)."""

from django.urls import path

from operations.views import changes, checklist, operations

app_name = "operations"

urlpatterns = [
    path("", operations.operation_list, name="operation-list"),
    path("new/", operations.operation_new, name="operation-new"),
    path("<uuid:pk>/", operations.operation_detail, name="operation-detail"),
    path("<uuid:pk>/edit/", operations.operation_edit, name="operation-edit"),
    path("<uuid:pk>/brief/", operations.operation_brief, name="operation-brief"),
    path("<uuid:pk>/complete/", operations.operation_complete, name="operation-complete"),
    path("<uuid:pk>/approve/", changes.operation_approve, name="operation-approve"),
    path("<uuid:pk>/ready/", changes.operation_ready, name="operation-ready"),
    path("<uuid:pk>/start/", changes.operation_start, name="operation-start"),
    path("<uuid:pk>/abort/", changes.operation_abort, name="operation-abort"),
    path("<uuid:pk>/team/", changes.team_add, name="team-add"),
    path("<uuid:pk>/team/<int:member_id>/remove/", changes.team_remove, name="team-remove"),
    path("<uuid:pk>/contacts/", changes.contact_add, name="contact-add"),
    path(
        "<uuid:pk>/contacts/<int:contact_id>/remove/",
        changes.contact_remove,
        name="contact-remove",
    ),
    path("<uuid:pk>/transport/", changes.transport_add, name="transport-add"),
    path(
        "<uuid:pk>/transport/<int:item_id>/remove/",
        changes.transport_remove,
        name="transport-remove",
    ),
    path("<uuid:pk>/checklist/<int:item_id>/", changes.checklist_tick, name="checklist-tick"),
    path("checklist/", checklist.checklist_list, name="checklist-list"),
    path("checklist/new/", checklist.checklist_item_new, name="checklist-item-new"),
    path(
        "checklist/<int:item_id>/edit/", checklist.checklist_item_edit, name="checklist-item-edit"
    ),
]
