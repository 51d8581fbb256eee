"""Reads for the report files made in the background (reports.models.ReportExport): who may
open which, what each one counts, and which data sources its figures include.

An export belongs to the person who asked for it; administrators
(reports.download_any_report_export) may open anyone's. Either way the reader must still see
every branch it covers: someone moved to another branch since does not keep the old one's
figures. Anything else answers 404, without saying whether the export exists. An export past
its `expires_at` is gone for everyone, even before `svoboda purge_report_exports` deletes it.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.queries import branches_visible_to
from reports.forms import Period
from reports.models import ImportBatch, ReportExport, StatisticalRecord
from reports.statistics import _Period, _within

CTDC_LAYOUTS = [ImportBatch.Layout.CTDC_GLOBAL_2020, ImportBatch.Layout.CTDC_VP_2022]


def exports_visible_to(user):
    """The unexpired exports a user may open, newest first (branch scope checked by export_for;
    the list shows only what its owner asked for, or everything to administrators)."""
    exports = (
        ReportExport.objects.filter(expires_at__gt=timezone.now())
        .select_related("requested_by")
        .prefetch_related("branches")
    )
    if not user.has_perm("reports.download_any_report_export"):
        exports = exports.filter(requested_by=user)
    return exports


def export_for(user, pk):
    """One export the user may open, or 404."""
    export = exports_visible_to(user).filter(pk=pk).first()
    if export is None or not _covers_only_visible_branches(user, export):
        raise Http404
    return export


def _covers_only_visible_branches(user, export):
    if export.whole_organisation:
        return user.has_perm("accounts.view_all_branches")
    visible = set(branches_visible_to(user).values_list("pk", flat=True))
    return all(branch.pk in visible for branch in export.branches.all())


def export_scope(export):
    """What statistics.compute() counts for an export: None for the whole organisation, else
    the ids of its branches."""
    if export.whole_organisation:
        return None
    return sorted(branch.pk for branch in export.branches.all())


def export_periods(export):
    """The period, then the comparison period if there is one."""
    periods = [Period(export.date_from, export.date_to)]
    if export.compare_from is not None:
        periods.append(Period(export.compare_from, export.compare_to))
    return periods


def scope_label(export):
    if export.whole_organisation:
        return _("The whole organisation")
    return ", ".join(sorted(branch.name for branch in export.branches.all()))


def imported_layouts(scope, periods):
    """The layouts of the imported files whose records count in any of the periods for this
    scope, by the same rule as statistics.compute() (registration years within the period)."""
    layouts = set()
    for period in periods:
        records = StatisticalRecord.objects.filter(
            _within(scope, "branch") & _Period(period.start, period.end).years()
        )
        layouts |= set(records.order_by().values_list("batch__layout", flat=True).distinct())
    return layouts


def data_sources(layouts):
    """The sentences of the report's note on where its figures come from; `layouts` are those of
    the imported files counted (imported_layouts)."""
    layouts = set(layouts)
    sources = [
        _(
            "The organisation's own records in Svoboda: help requests, cases, rescue "
            "operations and survivors' assistance plans."
        )
    ]
    if ImportBatch.Layout.HTCDS in layouts:
        sources.append(
            _(
                "Anonymous records of victims from partners' data in the Human Trafficking Case "
                "Data Standard (HTCDS), in the victim figures."
            )
        )
    if layouts & set(CTDC_LAYOUTS):
        sources.append(_("Source: Counter-Trafficking Data Collaborative (CTDC)"))
        sources.append(
            _(
                "Anonymised and synthetic data on identified victims of trafficking published by "
                "CTDC are included in the victim figures."
            )
        )
    return sources
