"""Reading and checking a spreadsheet of people (matching.importing), before anything is stored."""

import datetime
import io

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cases.htcds import Gender
from matching.importing import read_people
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

HEADER = "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_MobilePhone"


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


def errors_of(checked):
    return [(e.line, e.column) for e in checked.errors]


def test_good_rows_are_read_with_the_htcds_meaning_of_each_column():
    checked = read_people(
        csv_bytes(
            HEADER + ",prs_MiddleName,prs_IdentityNumber,aliases,notes",
            "Айгуль,Каримова,17.05.1990,Ж,UZ,+998 90 123 45 67,Рашидовна,AA1234567,"
            "Aigul Karimova; Гуля,Found at the market",
        )
    )
    assert checked.errors == []
    [row] = checked.rows
    assert row.line == 2
    assert row.fields == {
        "given_name": "Айгуль",
        "patronymic": "Рашидовна",
        "family_name": "Каримова",  # HTCDS's "Second Name" is the family name
        "birth_year": 1990,
        "gender": Gender.FEMININE,
        "citizenship": ["UZ"],
        "description": "Found at the market",
    }
    assert row.aliases == ["Aigul Karimova", "Гуля"]
    assert row.phones == ["+998 90 123 45 67"]
    assert row.document == "AA1234567"


def test_each_bad_row_is_reported_by_its_line_and_column():
    checked = read_people(
        csv_bytes(
            HEADER,
            "Иван,Петров,1985,M,RU,+7 928 123 45 67",
            ",,1990,F,RU,",  # no name
            "Анна,Смирнова,19xx,F,RU,",  # bad year
            "Олег,Ким,1980,Alien,RU,",  # unknown gender
            "Мария,Ли,1980,F,Narnia,",  # unknown country
            "Ли" * 80 + ",Ким,1980,F,KZ,",  # 160 characters
            "Пётр,Сидоров,2150-01-01,M,RU,",  # in the future
            "Пётр,Сидоров,1980,M,RU,call me",  # not a phone
        )
    )
    assert errors_of(checked) == [
        (3, "prs_FirstName"),
        (4, "prs_Birthdate"),
        (5, "prs_Gender"),
        (6, "prs_Citizenship"),
        (7, "prs_FirstName"),
        (8, "prs_Birthdate"),
        (9, "prs_MobilePhone"),
    ]
    assert [row.line for row in checked.rows] == [2]
    assert checked.rows_read == 8
    messages = [str(error) for error in checked.errors]
    assert messages[1].startswith("line 4, column prs_Birthdate: “19xx” is not a year")
    assert "at most 150 characters" in messages[4]
    assert "Narnia" in messages[3]


def test_columns_in_any_order_letter_case_and_spacing_and_unknown_ones_reported():
    checked = read_people(
        csv_bytes(
            " PRS_secondname ; Prs_First Name ;Birth Year;Shoe size;prs_Email",
            "Каримова;Айгуль;1990;38;a@example.org",
        )
    )
    assert checked.unknown_columns == ["Shoe size", "prs_Email"]
    [row] = checked.rows
    assert (row.fields["given_name"], row.fields["family_name"]) == ("Айгуль", "Каримова")
    assert row.fields["birth_year"] == 1990


def test_windows_1251_with_tabs_utf16_and_utf8_with_bom_are_read():
    text = "prs_FirstName\tprs_SecondName\nЁжик\tТуманов\n"
    assert read_people(text.encode("cp1251")).rows[0].fields["given_name"] == "Ёжик"
    assert read_people(text.encode("utf-16")).rows[0].fields["given_name"] == "Ёжик"
    bom = "\ufeffprs_FirstName,prs_SecondName\nЁжик,Туманов\n".encode()
    assert read_people(bom).rows[0].fields["family_name"] == "Туманов"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("1990", 1990),
        ("1990-05-17", 1990),
        ("17.05.1990", 1990),
        ("05/17/1990", 1990),
        ("17/05/1990", 1990),
        ("33010", 1990),  # Excel's day number of 1990-05-17
    ],
)
def test_a_date_of_birth_in_common_formats_gives_its_year(value, year):
    checked = read_people(csv_bytes("prs_FirstName,prs_Birthdate", f"Иван,{value}"))
    assert checked.rows[0].fields["birth_year"] == year


def test_lines_are_numbered_as_the_spreadsheet_shows_them_whatever_a_cell_holds():
    checked = read_people(
        csv_bytes(
            "prs_FirstName,notes",
            'Иван,"a note\non three\nlines"',
            "",
            ",no name",
        )
    )
    assert errors_of(checked) == [(4, "prs_FirstName")]


def test_a_year_that_disagrees_with_the_date_is_an_error():
    checked = read_people(
        csv_bytes("prs_FirstName,prs_Birthdate,birth_year", "Иван,1990-01-02,1991")
    )
    assert errors_of(checked) == [(2, "birth_year")]


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("Feminine", Gender.FEMININE),
        ("transgender masculine", Gender.TRANSGENDER_MASCULINE),
        ("Not Specified/Unknown", Gender.UNKNOWN),
        ("женский", Gender.FEMININE),
        ("М", Gender.MASCULINE),
        ("male", Gender.MASCULINE),
        ("", Gender.UNKNOWN),
    ],
)
def test_gender_codes_labels_and_common_words(value, gender):
    checked = read_people(csv_bytes("prs_FirstName,prs_Gender", f"Иван,{value}"))
    assert checked.rows[0].fields["gender"] == gender


def test_several_citizenships_by_code_or_name_in_either_language():
    checked = read_people(
        csv_bytes("prs_FirstName,prs_Citizenship", 'Иван,"RUS, Узбекистан; Kyrgyzstan"')
    )
    assert checked.rows[0].fields["citizenship"] == ["RU", "UZ", "KG"]


def test_formula_looking_cells_are_plain_text():
    checked = read_people(
        csv_bytes("prs_FirstName,prs_SecondName,notes", '=HYPERLINK("x"),@SUM(A1),-1+2')
    )
    [row] = checked.rows
    assert row.fields["given_name"] == '=HYPERLINK("x")'
    assert row.fields["family_name"] == "@SUM(A1)"
    assert row.fields["description"] == "-1+2"


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_date_cells_number_cells_and_formulas_are_read_as_text_never_evaluated():
    data = xlsx_bytes(
        [
            ["prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_MobilePhone", "notes"],
            # The label row of the HTCDS Excel toolkit is skipped.
            ["First Name", "Second Name", "Birthdate", "Mobile Phone", "Notes"],
            ["Айгуль", "Каримова", datetime.date(1990, 5, 17), 998901234567, "=1+1"],
            [None, None, None, None, None],
            ["Иван", None, "not a date", None, None],
        ]
    )
    checked = read_people(data, file_name="people.xlsx")
    [row] = checked.rows
    assert row.line == 3
    assert row.fields["birth_year"] == 1990
    assert row.phones == ["+998901234567"]  # a number cell lost its "+"
    assert row.fields["description"] == "=1+1"
    assert errors_of(checked) == [(5, "prs_Birthdate")]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "people.csv", "The file is empty"),
        (b"Shoe size,Hat\n38,L\n", "people.csv", "prs_FirstName or prs_SecondName"),
        (b"PK\x03\x04broken", "people.xlsx", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\x00\x00", "people.xls", "cannot be read: save the file as .xlsx"),
        (b"\x00\x01\x02\x03", "people.csv", "not a CSV text file"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, name, message):
    with pytest.raises(DomainError, match=message):
        read_people(data, file_name=name)


def test_row_and_size_limits(settings):
    settings.PEOPLE_IMPORT_MAX_ROWS = 3
    with pytest.raises(DomainError, match="more than 3 rows"):
        read_people(csv_bytes("prs_FirstName", "А", "Б", "В", "Г"))
    assert len(read_people(csv_bytes("prs_FirstName", "А", "Б", "В")).rows) == 3
    settings.PEOPLE_IMPORT_MAX_FILE_SIZE = 20
    with pytest.raises(DomainError, match="larger than"):
        read_people(csv_bytes("prs_FirstName", "Александр Александрович"))


def test_messages_in_russian():
    with translation.override("ru"):
        checked = read_people(
            csv_bytes("prs_FirstName,prs_Birthdate", "Иван,2150", "Я" * 151 + ",1990")
        )
        messages = [str(error) for error in checked.errors]
    assert messages[0] == "строка 2, столбец prs_Birthdate: Год рождения указан в будущем."
    assert messages[1].startswith("строка 3, столбец prs_FirstName: Убедитесь, что это значение")


@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=2000).map(lambda tail: b"PK\x03\x04" + tail),
        st.text(max_size=500).map(lambda tail: ("prs_FirstName,notes\n" + tail).encode()),
    )
)
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_bytes_give_rows_and_errors_or_one_clear_message(data):
    try:
        checked = read_people(data, file_name="people.csv")
    except DomainError as error:
        assert error.message
        return
    for row in checked.rows:
        assert row.fields["given_name"] or row.fields["family_name"]
    assert all(error.line >= 1 for error in checked.errors)
