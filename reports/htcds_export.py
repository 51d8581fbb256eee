"""Svoboda's own victims as rows of the flat HTCDS CSV (reports/htcds_columns.py), and the
quasi-identifier ladders that k-anonymise them.

Who is in an export: every person with the role "victim" in a case of the chosen branches whose
case was opened (Case.created_at, local date) within the period, once. A person who is a victim
in several such cases is described by the earliest of them: it is when the organisation first
registered them, which is what "year of registration" means in HTCDS and CTDC data.

What is in a row is an allow-list: EXPORT_COLUMNS, filled only by row_for() from the fields that
victim_rows() loads (QuerySet.only), so a name, alias, birth date, contact, document, address or
any free text (notes, descriptions, summaries, places) is never even read. A new column is added
here, on purpose, or not at all.
"""

import csv
from datetime import date

from django.utils import timezone, translation

from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant
from reports import htcds_columns as columns
from reports.kanon import QuasiIdentifier
from reports.models import AGE_BANDS
from reports.un_regions import region_of

# A random identifier per row and per export, so that a partner can refer to a row when asking
# about it. Never a database key: that would link rows across exports and back to the person.
ROW_ID = "row_id"
METHODS_OF_CONTROL = "vic_MethodsOfControl"
RECRUITMENT = "vic_MethodOfRecruitment"
CASE_STATUS = "cas_Status"
# HTCDS keeps the reason a case was closed as text; Svoboda writes its outcome's English label
# there (a fixed list, never anything a person typed).
CLOSURE = "cas_ReasonForCaseClosure"

EXPORT_COLUMNS = [
    ROW_ID,
    *columns.COLUMNS,
    METHODS_OF_CONTROL,
    RECRUITMENT,
    CASE_STATUS,
    CLOSURE,
]

# The fields victim_rows() reads, and nothing else.
LOADED_FIELDS = [
    "person_id",
    "case__created_at",
    "case__status",
    "case__outcome",
    "case__exploitation_types",
    "case__exploitation_country",
    "case__means_of_control",
    "case__recruitment_methods",
    "person__gender",
    "person__birth_year",
    "person__age_estimate",
    "person__citizenship",
]

# HTCDS's case statuses are Active, FollowUp, Closed and ClosedReferred. Svoboda's working
# statuses are all stages of active work; a case closed by referral is ClosedReferred.
_ACTIVE = "Active"
_CLOSED = "Closed"
_CLOSED_REFERRED = "ClosedReferred"


ADULT, MINOR = "adult", "minor"


def age_group_for(age):
    """The AGE_GROUPS code of an age in years; "" when the age is not known or not plausible."""
    if age is None or age < 0:
        return ""
    for low, high, code in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return ""


def age_at_opening(person, case):
    """Age when the case was opened: from the year of birth, else the caseworker's estimate."""
    if person.birth_year:
        return timezone.localtime(case.created_at).year - person.birth_year
    return person.age_estimate


def _join(values):
    return columns.MULTI_VALUE_SEPARATOR.join(dict.fromkeys(value for value in values if value))


def _exploitation_code(code):
    # Svoboda's own value (domestic violence) has no HTCDS code: the standard's "Other".
    return ExploitationType.OTHER.value if code == ExploitationType.DOMESTIC_VIOLENCE else code


def _case_status(case):
    if case.status != Case.Status.CLOSED:
        return _ACTIVE
    return _CLOSED_REFERRED if case.outcome == Case.Outcome.REFERRED else _CLOSED


def _closure(case):
    if not case.outcome:
        return ""
    # The English label, whatever language the person exporting works in: partners read it.
    with translation.override("en"):
        return str(Case.Outcome(case.outcome).label)


def row_for(participant):
    """One victim's row: the allow-listed columns, nothing else. ROW_ID is left empty here;
    the export fills it after shuffling."""
    case, person = participant.case, participant.person
    return {
        ROW_ID: "",
        columns.YEAR_OF_REGISTRATION: str(timezone.localtime(case.created_at).year),
        columns.GENDER: person.gender or Gender.UNKNOWN.value,
        columns.AGE_GROUP: age_group_for(age_at_opening(person, case)),
        columns.CITIZENSHIP: _join(country.code for country in person.citizenship),
        columns.COUNTRY_OF_EXPLOITATION: case.exploitation_country.code or "",
        columns.EXPLOITATION_TYPES: _join(map(_exploitation_code, case.exploitation_types)),
        METHODS_OF_CONTROL: _join(case.means_of_control),
        RECRUITMENT: _join(case.recruitment_methods),
        CASE_STATUS: _case_status(case),
        CLOSURE: _closure(case),
    }


def victim_rows(branches, date_from: date | None = None, date_to: date | None = None):
    """One row per victim of the branches' cases opened in the period (see the module
    docstring), in no meaningful order yet."""
    participants = (
        Participant.objects.filter(role=Participant.Role.VICTIM, case__branch__in=branches)
        .select_related("case", "person")
        .only(*LOADED_FIELDS)
        .order_by("person_id", "case__created_at", "case_id")
    )
    if date_from:
        participants = participants.filter(case__created_at__date__gte=date_from)
    if date_to:
        participants = participants.filter(case__created_at__date__lte=date_to)
    rows, seen = [], set()
    for participant in participants.iterator(chunk_size=2000):
        if participant.person_id not in seen:
            seen.add(participant.person_id)
            rows.append(row_for(participant))
    return rows


# The ladders: each step coarser than the last, the last one suppresses (kanon.py).


def _suppress(value):
    return ""


def _adult_or_minor(value):
    for _low, high, code in AGE_BANDS:
        if code == value:
            return MINOR if high is not None and high < 18 else ADULT
    return value  # already "adult", "minor" or unknown


def _five_years(value):
    if not value.isdigit():
        return value  # already a band, or unknown
    start = int(value) // 5 * 5
    # A period ends this year at the latest: a year still to come would be a wrong value.
    end = min(start + 4, max(int(value), timezone.localdate().year))
    return f"{start}-{end}" if end > start else value


def _region(code):
    if code.startswith(columns.UN_REGION_PREFIX):
        return code
    region = region_of(code)
    return columns.UN_REGION_PREFIX + region if region else ""


def _regions(value):
    return _join(_region(code) for code in value.split(columns.MULTI_VALUE_SEPARATOR) if code)


def _unknown_gender(value):
    return Gender.UNKNOWN.value


# Listed from the most to the least identifying: kanon.py breaks ties in this order.
# An age band becomes adult/minor, then unknown: a coarser band in between (18-29...) would need
# codes that AGE_GROUPS and so the import do not have.
QUASI_IDENTIFIERS = [
    QuasiIdentifier(columns.CITIZENSHIP, [_regions, _suppress]),
    QuasiIdentifier(columns.COUNTRY_OF_EXPLOITATION, [_region, _suppress]),
    QuasiIdentifier(columns.AGE_GROUP, [_adult_or_minor, _suppress]),
    QuasiIdentifier(columns.YEAR_OF_REGISTRATION, [_five_years, _suppress]),
    QuasiIdentifier(columns.GENDER, [_unknown_gender], unknown=Gender.UNKNOWN.value),
]


class _Echo:
    """A file-like object whose write() returns what it was given, so csv.writer can feed a
    streaming response line by line."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The CSV text of the rows, header first, one line at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        yield writer.writerow([row[column] for column in EXPORT_COLUMNS])
