from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    name = "broadcast"
    verbose_name = _("Social media posts")

    def ready(self):
        # Publishing announces publications with signals so that it need not know who listens;
        # this app is one listener. Checks warn about half-configured channels.
        from broadcast import checks, receivers  # noqa: F401
        from publishing import signals

        signals.article_published.connect(
            receivers.article_published, dispatch_uid="broadcast.article_published"
        )
        signals.article_unpublished.connect(
            receivers.article_unpublished, dispatch_uid="broadcast.article_unpublished"
        )
