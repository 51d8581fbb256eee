from cases.names import fold, search_text_for, search_words
from cases.tests.factories import PersonFactory


def test_fold_ignores_letter_case_in_any_script():
    assert fold("МАГОМЕД Aliev") == fold("магомед aliev")


def test_fold_reads_yo_as_ye():
    assert fold("Семён Пётр") == "семен петр"


def test_fold_treats_hyphens_and_dashes_as_spaces():
    # The en dash is the point of the test: people type it where a hyphen belongs.
    assert fold("Салтыков-Щедрин Анна–Мария") == "салтыков щедрин анна мария"


def test_fold_drops_repeated_spaces_and_punctuation():
    assert fold("  O'Neil,   Mary (Molly) ") == "o neil mary molly"


def test_fold_of_nothing_is_empty():
    assert fold(None) == ""


def test_search_words_are_the_same_in_any_word_order():
    assert sorted(search_words("алиев магомед")) == sorted(search_words("МАГОМЕД Алиев"))


def test_search_text_holds_every_name_and_alias_between_spaces():
    person = PersonFactory.build(given_name="Магомед", patronymic="", family_name="Алиев")
    assert search_text_for(person, ["Aliev"]) == " магомед алиев aliev "
