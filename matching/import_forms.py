"""Checking one row of a people spreadsheet, and the workspace's upload and confirm forms.

A row is checked by a Django form whose fields are named after the file's columns, so that each
error names the column the organisation's staff see in their spreadsheet. The values are read
leniently (a year or a full date, "Ж" or "Feminine", "RU" or "Россия"): the files come from
years of hand-kept sheets, not from a system.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.queries import branches_visible_to
from cases.htcds import Gender
from matching.digests import normal_document, normal_phone

MAX_NAME = 150
MAX_ALIAS = 300
MAX_ALIASES = 20
MAX_NOTES = 5000
MAX_DOCUMENT = 100
MAX_PHONE = 300
MAX_PHONES = 5
MAX_COUNTRIES = 5
EARLIEST_YEAR = 1900
# Excel counts days from 1899-12-30; a birth date typed into a cell without a date format is
# such a number: 10000 is 1927, 80000 is 2119.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIALS = range(10_000, 80_000)

_LIST_SEPARATORS = re.compile(r"[;\n\r]+")
_COUNTRY_SEPARATORS = re.compile(r"[;,/|\n\r]+")
_NOT_LETTERS = re.compile(r"[\s\-_/.]+")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
# Dates as people type them; the year is what is kept, day and month are only checked.
_DATES = [
    re.compile(r"^(?P<y>\d{4})[-./](?P<a>\d{1,2})[-./](?P<b>\d{1,2})(?:[ T][\d:.]+)?$"),
    re.compile(r"^(?P<a>\d{1,2})[-./](?P<b>\d{1,2})[-./](?P<y>\d{4})(?:[ T][\d:.]+)?$"),
]


def _gender_words():
    """Every way a gender is written in the files: HTCDS codes and labels, Svoboda's labels in
    both languages, and the usual short words."""
    found = {}
    labels = {
        Gender.FEMININE: [
            "Feminine",
            "f",
            "female",
            "woman",
            "w",
            "ж",
            "жен",
            "женский",
            "женщина",
        ],
        Gender.MASCULINE: ["Masculine", "m", "male", "man", "м", "муж", "мужской", "мужчина"],
        Gender.TRANSGENDER_FEMININE: ["Transgender Feminine"],
        Gender.TRANSGENDER_MASCULINE: ["Transgender Masculine"],
        Gender.NON_CONFORMING: ["Non-Conforming", "non-binary", "nonbinary", "небинарный"],
        Gender.UNKNOWN: [
            "Not Specified/Unknown",
            "unknown",
            "not specified",
            "неизвестно",
            "не указан",
            "не указано",
            "?",
        ],
    }
    for value, words in labels.items():
        for word in [value.value, *words]:
            found[_folded(word)] = value
        for language in ("en", "ru"):
            with translation.override(language):
                found[_folded(str(value.label))] = value
    return found


def _folded(text):
    return _NOT_LETTERS.sub("", text.casefold())


class GenderField(forms.CharField):
    default_error_messages = {
        "unknown": _(
            "Unknown gender “%(value)s”: use an HTCDS code (Feminine, Masculine, "
            "TransgenderFeminine, TransgenderMasculine, NonConforming, NonSpecifiedUnknown) "
            "or a word such as female, male, ж, м."
        ),
    }
    _words = None

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return Gender.UNKNOWN
        if GenderField._words is None:
            GenderField._words = _gender_words()
        gender = GenderField._words.get(_folded(value))
        if gender is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value[:50]}
            )
        return gender


class CountriesField(forms.CharField):
    """One or more countries: ISO 3166 codes (two or three letters) or names in English or
    Russian, separated by commas, semicolons or slashes."""

    default_error_messages = {
        "unknown": _("Unknown country “%(value)s”: use an ISO 3166 code such as RU or UZ."),
        "too_many": _("At most %(count)s countries."),
    }

    def clean(self, value):
        value = super().clean(value)
        codes = []
        for part in _COUNTRY_SEPARATORS.split(value or ""):
            part = part.strip()
            if not part:
                continue
            code = _country_code(part)
            if not code:
                raise ValidationError(
                    self.error_messages["unknown"], code="unknown", params={"value": part[:50]}
                )
            if code not in codes:
                codes.append(code)
        if len(codes) > MAX_COUNTRIES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"count": MAX_COUNTRIES}
            )
        return codes


def _country_code(text):
    if text.isalpha() and len(text) in (2, 3) and text.isascii():
        code = countries.alpha2(text.upper())
        if code:
            return code
    for language in ("en", "ru"):
        code = countries.by_name(text, language=language)
        if code:
            return code
    return ""


class BirthYearField(forms.CharField):
    """A year of birth, from a year, a full date in a common format, a date cell of a
    spreadsheet (read as YYYY-MM-DD) or the day number Excel keeps for a date."""

    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a year or a date of birth: write 1990, 1990-05-17 or 17.05.1990."
        ),
        "future": _("The year of birth is in the future."),
        "too_early": _("The year of birth is before %(year)s."),
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        year = _year_of(value)
        if year is None:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value[:50]}
            )
        if year > timezone.localdate().year:
            raise ValidationError(self.error_messages["future"], code="future")
        if year < EARLIEST_YEAR:
            raise ValidationError(
                self.error_messages["too_early"], code="too_early", params={"year": EARLIEST_YEAR}
            )
        return year


def _year_of(text):
    text = text.strip()
    match = _YEAR.match(text)
    if match:
        return int(match.group(1))
    if text.isdigit() and int(text) in EXCEL_SERIALS:
        return (EXCEL_EPOCH + datetime.timedelta(days=int(text))).year
    for pattern in _DATES:
        match = pattern.match(text)
        if match:
            year, a, b = int(match["y"]), int(match["a"]), int(match["b"])
            # Day and month in either order (17.05.1990 or 05/17/1990): the year is the same.
            for month, day in ((a, b), (b, a)):
                try:
                    datetime.date(year, month, day)
                except ValueError:
                    continue
                return year
            return None
    return None


class PhonesField(forms.CharField):
    """One or more phone numbers separated by semicolons or new lines. A number kept as a
    number cell has lost its "+": matching.digests.normal_phone reads it as the international
    number when it is no number of PHONE_DEFAULT_REGION, and it is kept in that form."""

    default_error_messages = {
        "invalid": _("“%(value)s” is not a phone number."),
        "too_many": _("At most %(count)s phone numbers."),
    }

    def clean(self, value):
        value = super().clean(value)
        phones = []
        for part in _LIST_SEPARATORS.split(value or ""):
            part = part.strip()
            if not part:
                continue
            if len(part) > MAX_PHONE:
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": part[:50]}
                )
            if part.isdigit() and normal_phone(part):
                # Digits alone (a number cell, which drops the "+"): kept as the number read.
                part = normal_phone(part)
            if not normal_phone(part):
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": part[:50]}
                )
            if part not in phones:
                phones.append(part)
        if len(phones) > MAX_PHONES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"count": MAX_PHONES}
            )
        return phones


class DocumentNumberField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a document number: it needs at least four letters or digits."
        ),
    }

    def clean(self, value):
        value = super().clean(value)
        if value and not normal_document(value):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value[:50]}
            )
        return value


class AliasesField(forms.CharField):
    """Other names, separated by semicolons or new lines."""

    default_error_messages = {
        "too_long": _("An other name has more than %(count)s characters."),
        "too_many": _("At most %(count)s other names."),
    }

    def clean(self, value):
        value = super().clean(value)
        names = []
        for part in _LIST_SEPARATORS.split(value or ""):
            part = part.strip()
            if not part or part in names:
                continue
            if len(part) > MAX_ALIAS:
                raise ValidationError(
                    self.error_messages["too_long"], code="too_long", params={"count": MAX_ALIAS}
                )
            names.append(part)
        if len(names) > MAX_ALIASES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"count": MAX_ALIASES}
            )
        return names


class PersonRowForm(forms.Form):
    """One row of the file. Field names are the column names, as the errors report them."""

    prs_FirstName = forms.CharField(max_length=MAX_NAME, required=False)
    prs_MiddleName = forms.CharField(max_length=MAX_NAME, required=False)
    prs_SecondName = forms.CharField(max_length=MAX_NAME, required=False)
    prs_Birthdate = BirthYearField(required=False)
    prs_Gender = GenderField(required=False)
    prs_Citizenship = CountriesField(required=False)
    prs_MobilePhone = PhonesField(required=False)
    prs_IdentityNumber = DocumentNumberField(max_length=MAX_DOCUMENT, required=False)
    birth_year = BirthYearField(required=False)
    aliases = AliasesField(required=False)
    notes = forms.CharField(max_length=MAX_NOTES, required=False)

    def clean(self):
        data = super().clean()
        if (
            not data.get("prs_FirstName")
            and not data.get("prs_SecondName")
            and "prs_FirstName" not in self.errors
            and "prs_SecondName" not in self.errors
        ):
            self.add_error(
                "prs_FirstName",
                _("A person needs a first name (prs_FirstName) or a family name (prs_SecondName)."),
            )
        from_date, year = data.get("prs_Birthdate"), data.get("birth_year")
        if from_date and year and from_date != year:
            self.add_error(
                "birth_year",
                _("The year %(year)s differs from the date of birth (%(date_year)s).")
                % {"year": year, "date_year": from_date},
            )
        return data

    def person_values(self):
        """What the row gives a Person, its aliases, phones and document number."""
        data = self.cleaned_data
        return {
            "fields": {
                "given_name": data["prs_FirstName"],
                "patronymic": data["prs_MiddleName"],
                "family_name": data["prs_SecondName"],
                "birth_year": data["prs_Birthdate"] or data["birth_year"],
                "gender": data["prs_Gender"],
                "citizenship": data["prs_Citizenship"],
                "description": data["notes"],
            },
            "aliases": data["aliases"],
            "phones": data["prs_MobilePhone"],
            "document": data["prs_IdentityNumber"],
        }


class UploadForm(forms.Form):
    """The file and the branch it goes to; only branches the user may open are offered."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel file (.xlsx) or a CSV file, with the column names on the first line."
        ),
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None)
    keep_duplicates = forms.BooleanField(
        label=_("Record possible duplicates too"),
        required=False,
        help_text=_(
            "By default a row that may be another row of the file, or a person already "
            "recorded whom you may see, is left out. When ticked it is recorded, and the pair "
            "is listed for a coordinator to review. A row that may be someone you may not see is "
            "always recorded, and left to the branch's coordinators to review."
        ),
    )

    def __init__(self, *args, user, max_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)
        self.max_size = max_size

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": round(self.max_size / (1024 * 1024), 1)}
            )
        return upload


class ConfirmForm(forms.Form):
    ticket = forms.CharField(widget=forms.HiddenInput, max_length=2000)
