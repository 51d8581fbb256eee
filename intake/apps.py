from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Help requests")

    def ready(self):
        from intake import checks  # noqa: F401  (registers the deploy check)
