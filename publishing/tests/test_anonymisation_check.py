"""The anonymisation check on texts written to break it: the longest body an editor may save,
made of what makes a careless pattern try every split of a run (so the page would hang)."""

import contextlib
import signal

import pytest

from publishing import anonymisation, rescue_reports
from publishing.models import Article
from publishing.tests.rescue_factories import completed_operation

LONGEST = Article._meta.get_field("body").max_length


@pytest.fixture
def operation(branch):
    return completed_operation(branch)


@pytest.fixture
def report(operation, editor):
    return rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")


class Hung(Exception):
    pass


@contextlib.contextmanager
def gives_up_after(seconds):
    """Stops a check that hangs. The bound is far above what the check needs (well under a
    second here), so it fails only when a pattern's work grows with the square of the text."""

    def stop(signum, frame):
        raise Hung

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "body",
    [
        # No @ after a long run of what may start an email address.
        "a" * LONGEST,
        "1-" * (LONGEST // 2),
        # A house number written after a long run of spaces (or none at all).
        "д." + " " * (LONGEST - 3) + "x",
        "дом" + " " * (LONGEST - 4) + "x",
        # Digits, separators and letters the phone, document and street patterns look at.
        "1 " * (LONGEST // 2),
        "+(" + "1 " * (LONGEST // 2 - 1),
        "1" + " " * (LONGEST - 2) + "x",
        ("AB" + "1" * 11) * (LONGEST // 13),
        "1." + "1" * (LONGEST - 2),
        "a-" * (LONGEST // 2),
        "1 " + "Abc " * (LONGEST // 4 - 1),
    ],
    ids=[
        "letters",
        "digits-and-dashes",
        "house-after-spaces",
        "dom-after-spaces",
        "digit-runs",
        "phone-opening",
        "digit-then-spaces",
        "document-like",
        "coordinates-like",
        "hyphenated-word",
        "street-like",
    ],
)
def test_the_longest_body_is_checked_without_hanging(report, body):
    report.body = body
    with gives_up_after(20):
        anonymisation.check(report)


def test_email_addresses_and_house_numbers_are_still_found(report):
    report.body = "Пишите x.y+z@mail.example.org; жили в д. № 5 и дом 7."
    found = {(finding.text, finding.reason) for finding in anonymisation.check(report).findings}
    assert ("x.y+z@mail.example.org", "email") in found
    assert {text for text, reason in found if reason == "address"} >= {"д. № 5 и дом 7.", "дом 7."}


# Names as a report really writes them.


def names_found(operation, report, name, text):
    """The words of `text` the check takes for the name of a person in the operation's cases,
    when one survivor is recorded as `name` (the others are Зарина Исаева and Руслан Гаджиев)."""
    person = operation.survivors[0]
    person.aliases.all().delete()
    person.given_name, person.patronymic, person.family_name = name, "", "Noname"
    person.save()
    report.body = text
    return {
        finding.text
        for finding in anonymisation.check(report).findings
        if finding.reason == "name" and finding.text != "Noname"
    }


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Russian endings, on names of every declension.
        ("Анна", "Анны"),
        ("Анна", "Анну"),
        ("Анна", "Анной"),
        ("Мария", "Марии"),
        ("Мария", "Марией"),
        ("Ольга", "Ольги"),
        ("Наталья", "Натальи"),
        ("Юлия", "Юлию"),
        ("Евгений", "Евгения"),
        ("Сергей", "Сергеем"),
        ("Павел", "Павла"),
        ("Пётр", "Петра"),
        ("Ира", "Иры"),
        ("Ян", "Яну"),
        ("Жуковский", "Жуковского"),
        ("Жуковский", "Жуковская"),
        ("Иванова", "Ивановой"),
        ("Иванов", "Ивановых"),
        ("Ивановна", "Ивановны"),
        # Double names, in part or declined as a whole.
        ("Анна-Мария", "Анна"),
        ("Анна-Мария", "Анны-Марии"),
        ("Абу Бакр", "Абу-Бакр"),
        # Apostrophes of every kind, and none.
        ("Gʻulom", "G'ulom"),
        ("Gulom", "Gʻulom"),
        ("O'Brien", "O’Brien's"),
        # The Latin spellings a name is found under.
        ("Юлия", "Yulia"),
        ("Юлия", "Julia"),
        ("Евгений", "Yevgeny"),
        ("Алексей", "Alexei"),
        ("Хасан", "Hasan"),
        ("Джамшид", "Jamshid"),
        ("Наталья", "Natalia"),
        ("Фёдор", "Fyodor"),
        ("Дмитрий", "Dmitry"),
        ("Tatiana", "Татьяна"),
        ("Aliyev", "Алиева"),
        ("Vera", "Vera's"),
    ],
)
def test_a_name_is_found_however_the_report_writes_it(operation, report, name, text):
    assert names_found(operation, report, name, f"Мы помогли: {text}.") == {text}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Мария", "Марина"),
        ("Мария", "марта"),
        ("Анна", "annual"),
        ("Вера", "very"),
        ("Иван", "Ивановка"),
        ("Мага", "магазин"),
        ("Ли", "Лиза"),
        ("Ян", "январь"),
    ],
)
def test_other_words_that_begin_like_a_name_are_not_taken_for_it(operation, report, name, text):
    assert names_found(operation, report, name, f"Мы помогли: {text}.") == set()
