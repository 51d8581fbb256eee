"""Reading one cell of an imported file into the value a StatisticalRecord stores.

Each converter takes the cell's text (stripped) and returns the stored value, or raises BadValue
with what is wrong, written for the person who has to correct the file. Empty means unknown
everywhere, so converters accept "" unless the layout says otherwise.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.htcds import ExploitationType, Gender
from reports.htcds_columns import ACCEPTED_SEPARATORS, UN_REGION_PREFIX
from reports.models import AGE_GROUPS

# Regions that files give instead of a country: the UN's continents, and CTDC's merged
# "Americas/Oceania" (the victim–perpetrator file joins them to keep cells large enough).
UN_REGIONS = frozenset({"Africa", "Americas", "Asia", "Europe", "Oceania", "Americas/Oceania"})

AGE_GROUP_CODES = frozenset(code for code, _label in AGE_GROUPS)
# The bands with ages in them, as opposed to the coarse "minor"/"adult".
AGE_BANDS = [code for code, _label in AGE_GROUPS if code[0].isdigit()]

GENDER_CODES = frozenset(Gender.values)
EXPLOITATION_CODES = frozenset(ExploitationType.values)

# Shown in an error message; a longer cell is cut, since it is most likely the wrong column.
SHOWN_CHARACTERS = 40


class BadValue(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def unknown_value(raw):
    shown = raw if len(raw) <= SHOWN_CHARACTERS else raw[:SHOWN_CHARACTERS] + "…"
    return BadValue(_('unknown value "%(value)s"') % {"value": shown})


def country_codes():
    """ISO 3166-1 alpha-2 codes as django-countries knows them (settings may add some)."""
    from django_countries import countries

    return frozenset(country.code for country in countries)


def split_multi(raw):
    """The values of a multi-select cell: HTCDS lists use "|", CTDC and Svoboda use ";"."""
    for separator in ACCEPTED_SEPARATORS[1:]:
        raw = raw.replace(separator, ACCEPTED_SEPARATORS[0])
    return [part.strip() for part in raw.split(ACCEPTED_SEPARATORS[0]) if part.strip()]


def year(raw):
    """One year, 1900 to next year (a file from the future is a wrong column)."""
    if not re.fullmatch(r"\d{4}", raw) or not 1900 <= int(raw) <= timezone.now().year + 1:
        raise BadValue(_('not a year: "%(value)s"') % {"value": raw[:SHOWN_CHARACTERS]})
    return int(raw)


def period(raw):
    """(year_from, year_to): "" is unknown, "2019" one year, "2005-2013" a band of years."""
    if not raw:
        return (None, None)
    first, dash, last = raw.partition("-")
    if not dash:
        return (year(raw), year(raw))
    first, last = year(first.strip()), year(last.strip())
    if last < first:
        raise BadValue(_('years in the wrong order: "%(value)s"') % {"value": raw})
    return (first, last)


def age_group(raw):
    """An AGE_GROUPS code; CTDC's spellings of the bands ("0--8", "0—8") are accepted too."""
    if not raw:
        return ""
    code = re.sub(r"\s*(?:--|—|–)\s*", "-", raw).lower()
    if code not in AGE_GROUP_CODES:
        raise unknown_value(raw)
    return code


def age_band(raw):
    """An age in whole years, banded with AGE_GROUPS."""
    if not raw:
        return ""
    if not raw.isdigit() or int(raw) > 130:
        raise BadValue(_('not an age in years: "%(value)s"') % {"value": raw[:SHOWN_CHARACTERS]})
    age = int(raw)
    for band in reversed(AGE_BANDS):
        if age >= int(re.match(r"\d+", band).group()):
            return band
    raise AssertionError("AGE_BANDS starts at 0")


def country(raw, *, unknown=("",)):
    """An alpha-2 code (any case) or "UN:<region>"; the spellings in `unknown` mean unknown."""
    if raw in unknown:
        return ""
    if raw.startswith(UN_REGION_PREFIX):
        if raw[len(UN_REGION_PREFIX) :] in UN_REGIONS:
            return raw
        raise unknown_value(raw)
    code = raw.upper()
    if code not in _known_countries():
        raise unknown_value(raw)
    return code


def un_region(raw):
    """A bare region name, as CTDC writes it, stored as "UN:<region>"."""
    if not raw:
        return ""
    if raw not in UN_REGIONS:
        raise unknown_value(raw)
    return UN_REGION_PREFIX + raw


def flag(raw):
    """CTDC's yes/no columns: True, False, or None when unknown."""
    if raw == "1":
        return True
    if raw == "0":
        return False
    if not raw:
        return None
    raise unknown_value(raw)


def mapped(mapping):
    """A converter for a closed list written differently from how Svoboda stores it."""

    def convert(raw):
        try:
            return mapping[raw]
        except KeyError:
            raise unknown_value(raw) from None

    return convert


_country_cache = {}


def _known_countries():
    # Built on first use rather than at import, when settings may not be ready; the list of
    # countries cannot change while the process runs.
    if "codes" not in _country_cache:
        _country_cache["codes"] = country_codes()
    return _country_cache["codes"]
