"""Handing a leaving worker's open work over to someone else (/workspace/handover/)."""

from django.urls import path

from cases.views import handover

app_name = "handover"

urlpatterns = [
    path("", handover.handover, name="handover"),
]
