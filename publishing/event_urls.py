"""Public events, under /ru/events/ and /en/events/. Addresses may be Cyrillic, hence <str:slug>."""

from django.urls import path

from publishing import event_views

app_name = "events"

urlpatterns = [
    path("", event_views.event_list, name="list"),
    path("<str:slug>/", event_views.event_detail, name="event"),
    path("<str:slug>/event.ics", event_views.event_ics, name="event-ics"),
]
