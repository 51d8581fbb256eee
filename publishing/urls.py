"""The editors' pages, under /workspace/articles/."""

app_name = "publishing"

urlpatterns = []
