"""Rescue reports: an editor tells the public about a completed operation, without exposing
anyone it freed.

An editor starts a report from a completed operation (start_rescue_report); the draft holds
only what is safe to say (country, month, how many people left exploitation). Before it may be
published, publishing.anonymisation checks it: survivors without a consent in force to public
mentions block publication outright, and what looks like personal data in the text is listed
for an editor, who confirms the anonymisation of that exact text (confirm_anonymisation).
publishing.actions.publish_article calls refusal_to_publish before letting a report out, and
a survivor who withdraws consent takes the reports about them off the site at once
(withdraw_reports_about).
"""

from collections import Counter

from babel.dates import format_date
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from accounts.models import User
from accounts.permissions import require
from assistance.queries import may_mention_in_public
from cases.htcds import ExploitationType
from operations.models import Operation
from publishing import actions, anonymisation, signals
from publishing.models import Article, Category
from publishing.slugs import unique_slug
from svoboda.errors import DomainError

# The public section a report goes to, by the kind of exploitation its cases are about.
CATEGORY_OF_EXPLOITATION = {
    ExploitationType.FORCED_LABOUR: "forced-labour",
    ExploitationType.CHILD_LABOUR: "forced-labour",
    ExploitationType.SERVITUDE: "forced-labour",
    ExploitationType.SEXUAL_EXPLOITATION: "sexual-exploitation",
    ExploitationType.FORCED_BEGGING: "forced-begging",
    ExploitationType.DOMESTIC_VIOLENCE: "domestic-violence",
}
FALLBACK_CATEGORY = "organisation"


def operations_to_report():
    """Completed operations, newest first, with what an editor may know about each: branch,
    country, when it ended, how many people left exploitation and how many reports exist."""
    return (
        Operation.objects.filter(status=Operation.Status.COMPLETED)
        .select_related("branch")
        .annotate(
            rescued_count=Count("debrief__rescued", distinct=True),
            report_count=Count("reports", distinct=True),
        )
        .order_by("-ended_at", "-starts_at")
    )


def operation_to_report(pk):
    return operations_to_report().filter(pk=pk).first()


def _category_for(operation):
    kinds = Counter(
        CATEGORY_OF_EXPLOITATION.get(kind)
        for types in operation.cases.values_list("exploitation_types", flat=True)
        for kind in (types or [])
    )
    kinds.pop(None, None)
    slugs = [slug for slug, _count in kinds.most_common()] + [FALLBACK_CATEGORY]
    for slug in slugs:
        category = Category.objects.filter(slug=slug).first()
        if category:
            return category
    return Category.objects.first()


def _draft_text(operation, rescued):
    """The report's first text, in the active language: only what identifies no one."""
    ended = timezone.localtime(operation.ended_at or operation.starts_at)
    # The month as a word that stands alone: «декабрь 2026», "December 2026".
    month = format_date(ended.date(), "LLLL y", locale=translation.get_language())
    country = operation.country.name
    title = _("Rescue operation: %(country)s, %(month)s") % {"country": country, "month": month}
    summary = ngettext(
        "%(count)d person left exploitation.",
        "%(count)d people left exploitation.",
        rescued,
    ) % {"count": rescued}
    body = "\n\n".join(
        [
            _("## What happened"),
            _(
                "Tell what the team did and why it mattered. Leave out names, exact places, "
                "dates and details that would let anyone recognise a survivor, and photos of "
                "faces."
            ),
            _("## What happens next"),
            _("Describe the help the survivors receive now, in general terms."),
        ]
    )
    return title, summary, body


@transaction.atomic
def start_rescue_report(*, actor: User, operation: Operation, language: str) -> Article:
    """An editor starts a report on a completed operation: a draft in `language`."""
    require(actor, "publishing.add_article")
    operation = operation_to_report(operation.pk)
    if operation is None:
        raise DomainError(_("Only a completed operation can be reported on."))
    with translation.override(language):
        title, summary, body = _draft_text(operation, operation.rescued_count)
    article = Article(
        language=language,
        kind=Article.Kind.RESCUE_REPORT,
        operation=operation,
        category=_category_for(operation),
        title=title,
        summary=summary,
        body=body,
        author=actor,
    )
    article.slug = unique_slug(
        Article, language, title, fallback="rescue-report", reserved=actions.RESERVED_SLUGS
    )
    actions.render_and_save(article)
    audit.record(
        actor=actor,
        verb="publishing.rescue_report_started",
        target=article,
        changes={"operation": operation.reference, "language": language},
    )
    return article


def check_report(*, actor: User, article: Article):
    """The anonymisation check of a report, for an editor to read; it reads the people of the
    operation's cases on the editor's behalf, so it is recorded in the audit trail."""
    require(actor, "publishing.view_article")
    result = anonymisation.check(article)
    audit.record(
        actor=actor,
        verb="publishing.rescue_report_checked",
        target=article,
        changes={
            "operation": article.operation.reference,
            "people_checked": result.people_checked,
            "findings": len(result.findings),
            "blockers": len(result.blockers),
        },
    )
    return result


@transaction.atomic
def confirm_anonymisation(*, actor: User, article: Article, fingerprint: str) -> Article:
    """An editor confirms that the report, as they read it, identifies nobody.

    `fingerprint` is the text they read (anonymisation.fingerprint, carried by the form): if
    someone changed the report meanwhile, the confirmation is refused instead of covering a
    text nobody checked.
    """
    require(actor, "publishing.publish_article")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.kind != Article.Kind.RESCUE_REPORT:
        raise DomainError(_("Only rescue reports need their anonymisation confirmed."))
    if fingerprint != anonymisation.fingerprint(article):
        raise DomainError(
            _("The report changed while you were reading it. Read the new text and check again.")
        )
    result = anonymisation.check(article)
    article.anonymisation_confirmed_by = actor
    article.anonymisation_confirmed_at = timezone.now()
    article.anonymisation_fingerprint = fingerprint
    article.save(
        update_fields=[
            "anonymisation_confirmed_by",
            "anonymisation_confirmed_at",
            "anonymisation_fingerprint",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        verb="publishing.anonymisation_confirmed",
        target=article,
        changes={
            "operation": article.operation.reference,
            "findings": [f"{finding.field}: {finding.reason}" for finding in result.findings],
        },
    )
    return article


def refusal_to_publish(article):
    """Why this report may not be published now, as a message; None when it may."""
    blockers = anonymisation.consent_blockers(article.operation)
    if blockers:
        return " ".join(str(blocker.message) for blocker in blockers)
    if not article.anonymisation_confirmed_at:
        return _("A rescue report can be published only after its anonymisation is confirmed.")
    if not anonymisation.confirmation_is_current(article):
        return _(
            "The report changed after its anonymisation was confirmed. Check it and confirm "
            "again before publishing."
        )
    return None


def withdraw_reports_about(*, actor, person) -> list:
    """Take off the public site (or out of the schedule) every rescue report on an operation
    this person was a survivor of, when they may no longer be mentioned. Called by
    assistance.actions.withdraw_consent inside its transaction; the case worker who recorded
    the withdrawal is the actor, whatever their publishing permissions: a survivor's word
    outranks the editorial workflow. Returns the reports taken down."""
    if may_mention_in_public(person):
        return []
    about_person = (
        Article.objects.filter(kind=Article.Kind.RESCUE_REPORT)
        .filter(
            Q(operation__cases__participants__person=person)
            | Q(operation__debrief__rescued__person=person)
        )
        .values("pk")
    )
    # Every report about them is locked, whatever its status, and only then is its status
    # read. A report an editor is publishing at this moment (publish_article read the consent
    # as still in force) holds its row: this waits for that to commit and then sees it
    # published. Asking the database for published reports only would skip it, its
    # publication not yet visible here, and it would stay out. Locked by key: PostgreSQL locks
    # no rows of a query with joins that fan out (DISTINCT).
    locked = (
        Article.objects.select_for_update(of=("self",))
        .filter(pk__in=about_person)
        .select_related("operation")
        .order_by("pk")
    )
    reports = [report for report in locked if report.status == Article.Status.PUBLISHED]
    for report in reports:
        report.status = Article.Status.DRAFT
        report.publish_at = None
        report.save(update_fields=["status", "publish_at", "updated_at"])
        audit.record(
            actor=actor,
            verb="publishing.rescue_report_withdrawn",
            target=report,
            changes={"reason": "consent_withdrawn", "operation": report.operation.reference},
        )
        transaction.on_commit(
            lambda report=report: signals.article_unpublished.send(
                sender=Article, article=report, actor=actor
            )
        )
    return reports
