"""Public events, under /ru/events/ and /en/events/."""

app_name = "events"

urlpatterns = []
