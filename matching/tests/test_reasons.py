"""Why two records may match, as the pages say it: "имя" is a person's name, not a title."""

from django.template import Context, Template
from django.utils import translation

from matching.reasons import label


def test_reasons_read_as_a_persons_name_in_russian():
    with translation.override("ru"):
        assert [label(r) for r in ["name", "birth_year", "phone", "document"]] == [
            "имя",
            "год рождения",
            "телефон",
            "документ",
        ]


def test_the_pages_list_the_reasons_in_the_readers_language():
    template = Template('{% include "matching/_duplicate_reasons.html" %}')
    with translation.override("ru"):
        assert template.render(Context({"reasons": ["name", "phone"]})).strip() == "имя, телефон"
    with translation.override("en"):
        assert template.render(Context({"reasons": []})).strip() == "—"
