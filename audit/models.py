from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import chain


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing a person (or the system) did: the organisation's record of who did what.

    Written only by audit.record(), in the same transaction as the change it describes, and
    never changed or deleted afterwards (the ORM refuses; on PostgreSQL a trigger does too).
    `changes` holds field names, and values only where they are not sensitive. Entries form a
    keyed hash chain (audit/chain.py) that `svoboda audit verify` checks.
    """

    # Set by save() rather than auto_now_add, which would set it after the hash is computed.
    created_at = models.DateTimeField(_("time"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept beside the link so the trail stays readable after an account changes its address.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, null=True
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Hex HMAC-SHA256: the entry before it in id order (empty for the first), and this one.
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # No savepoint: inside the caller's transaction this costs two small queries, and the
        # append lock is held until that transaction commits.
        with transaction.atomic(using=using, savepoint=False):
            chain.lock_for_append(transaction.get_connection(using))
            last = (
                AuditEntry.objects.using(using)
                .order_by("-id")
                .values_list("entry_hash", flat=True)
                .first()
            )
            self.previous_hash = last or ""
            if self.created_at is None:
                self.created_at = timezone.now()
            self.changes = chain.normalise_changes(self.changes)
            target_type = None
            if self.target_type_id is not None:
                found = ContentType.objects.db_manager(using).get_for_id(self.target_type_id)
                target_type = f"{found.app_label}.{found.model}"
            self.entry_hash = chain.entry_digest(
                chain.chain_key(),
                actor_id=self.actor_id,
                actor_label=self.actor_label,
                verb=self.verb,
                target_type=target_type,
                target_id=self.target_id,
                changes=self.changes,
                created_at=self.created_at,
                previous_hash=self.previous_hash,
            )
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")
