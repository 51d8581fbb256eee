"""Svoboda's flat HTCDS CSV (reports/htcds_columns.py), and other one-row-per-victim HTCDS files.

Columns the file lacks are unknown for every row, so a partner's HTCDS sheet with only some of
them still imports; other columns (names, contacts, ...) are never read. prs_Citizenship is a
multi-select in HTCDS while a record keeps one citizenship: the first listed is kept, after every
listed code has been checked. Without an age_group column, HTCDS's own vic_AgeWhenTrafficked is
banded instead (the age when first trafficked, the nearest the standard has to an age at
registration).
"""

from cases.htcds import Gender
from reports import htcds_columns as col

from . import values

COLUMNS = [*col.COLUMNS, col.AGE_WHEN_TRAFFICKED]
# matches() asks for one of the standard's columns; any other may be missing.
REQUIRED_COLUMNS = []


def matches(header):
    return bool({col.GENDER, col.CITIZENSHIP, col.EXPLOITATION_TYPES} & set(header))


def _gender(raw):
    if not raw:
        return Gender.UNKNOWN
    if raw not in values.GENDER_CODES:
        raise values.unknown_value(raw)
    return raw


def _first_country(raw):
    codes = [values.country(code) for code in values.split_multi(raw)]
    return codes[0] if codes else ""


def _exploitation_types(raw):
    codes = values.split_multi(raw)
    for code in codes:
        if code not in values.EXPLOITATION_CODES:
            raise values.unknown_value(code)
    return list(dict.fromkeys(codes))


def missing_columns(header):
    """Svoboda's columns the file lacks (an age in years stands in for the age group)."""
    present = set(header)
    if col.AGE_WHEN_TRAFFICKED in present:
        present.add(col.AGE_GROUP)
    return [column for column in col.COLUMNS if column not in present]


def parser(header):
    """parse() for this file: the age comes from age_group, or failing that the age in years."""
    age_column, age_converter = col.AGE_GROUP, values.age_group
    if col.AGE_GROUP not in header and col.AGE_WHEN_TRAFFICKED in header:
        age_column, age_converter = col.AGE_WHEN_TRAFFICKED, values.age_band

    def parse(cell):
        year_from, year_to = cell(col.YEAR_OF_REGISTRATION, values.period) or (None, None)
        return {
            "year_from": year_from,
            "year_to": year_to,
            "gender": cell(col.GENDER, _gender),
            "age_group": cell(age_column, age_converter),
            "citizenship": cell(col.CITIZENSHIP, _first_country),
            "exploitation_place": cell(col.COUNTRY_OF_EXPLOITATION, values.country),
            "exploitation_types": cell(col.EXPLOITATION_TYPES, _exploitation_types),
        }

    return parse
