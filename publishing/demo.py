"""Demo articles: a few published ones in Russian and English (some translations of each other),
one scheduled for next week and one draft.

Written and published by the demo editor through the same actions editors use. The text is
invented; no real person, case or place of work is described.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from publishing import actions
from publishing.event_demo import seed_events
from publishing.models import Article, Category

EDITOR = "editor@demo.svoboda"

# (key, translation of key, language, kind, category, title, summary, body, tags, extra fields)
ARTICLES = [
    (
        "training",
        None,
        "ru",
        Article.Kind.NEWS,
        "prevention",
        "Волонтёры провели занятие о безопасной работе за границей",
        "Как проверить работодателя и договор до отъезда: занятие для студентов колледжа.",
        "Волонтёры движения провели занятие для студентов колледжа.\n\n"
        "## О чём говорили\n\n"
        "- как проверить работодателя до отъезда;\n"
        "- почему нельзя отдавать паспорт посредникам;\n"
        "- куда писать, если что-то пошло не так.\n\n"
        "Это демонстрационный текст.",
        ["профилактика", "обучение"],
        {},
    ),
    (
        "training-en",
        "training",
        "en",
        Article.Kind.NEWS,
        "prevention",
        "Volunteers teach students how to work abroad safely",
        "How to check an employer and a contract before leaving: a class for college students.",
        "Volunteers of the movement held a class for college students.\n\n"
        "## What we talked about\n\n"
        "- how to check an employer before leaving;\n"
        "- why a passport should never be handed to a go-between;\n"
        "- whom to write to when something goes wrong.\n\n"
        "This is a demonstration text.",
        ["prevention", "training"],
        {},
    ),
    (
        "review",
        None,
        "ru",
        Article.Kind.REVIEW,
        "forced-labour",
        "Обзор: как распознать принудительный труд",
        "Признаки, по которым можно заметить, что человека удерживают на работе против воли.",
        "Удержание документов, долг, который невозможно выплатить, запрет выходить "
        "за территорию: **любой из этих признаков** — повод обратиться к нам.\n\n"
        "Это демонстрационный текст.",
        ["принудительный труд"],
        {},
    ),
    (
        "review-en",
        "review",
        "en",
        Article.Kind.REVIEW,
        "forced-labour",
        "Review: how to recognise forced labour",
        "Signs that someone is being kept at work against their will.",
        "Documents taken away, a debt that can never be paid off, not being allowed to leave "
        "the site: **any of these signs** is a reason to write to us.\n\n"
        "This is a demonstration text.",
        ["forced labour"],
        {},
    ),
    (
        "round-table",
        None,
        "en",
        Article.Kind.NEWS,
        "events",
        "A round table on helping survivors return home",
        "Volunteers, lawyers and partner organisations compared notes on safe returns.",
        "The round table brought together volunteers and partner organisations.\n\n"
        "This is a demonstration text.",
        [],
        {},
    ),
    (
        "press",
        None,
        "ru",
        Article.Kind.PRESS,
        "organisation",
        "О движении написала демонстрационная газета",
        "Статья о работе волонтёров в вымышленном издании.",
        "Демонстрационное издание рассказало о работе волонтёров движения.",
        [],
        {"source_name": "Демо-газета", "source_url": "https://example.org/demo-article"},
    ),
]


def seed_demo(out):
    seed_articles(out)
    seed_events(out)


def seed_articles(out):
    if Article.objects.exists():
        out("Articles exist already; demo articles left as they are.")
        return
    editor = User.objects.filter(email=EDITOR).first()
    if editor is None:
        out("No demo editor to write articles.")
        return
    categories = {category.slug: category for category in Category.objects.all()}
    written = {}
    for key, original, language, kind, category, title, summary, body, tags, extra in ARTICLES:
        article = actions.create_article(
            actor=editor,
            language=language,
            title=title,
            translation_of=written.get(original),
            kind=kind,
            category=categories[category],
            summary=summary,
            body=body,
            tags=actions.tags_named(tags),
            **extra,
        )
        written[key] = actions.publish_article(actor=editor, article=article)

    scheduled = actions.create_article(
        actor=editor,
        language="ru",
        title="Анонс: открытая лекция о домашнем насилии",
        kind=Article.Kind.NEWS,
        category=categories["domestic-violence"],
        summary="Лекция для всех, кто хочет помочь близким. Это запланированная статья.",
        body="Статья появится на сайте в назначенное время. Это демонстрационный текст.",
    )
    actions.publish_article(
        actor=editor,
        article=scheduled,
        publish_at=timezone.now() + datetime.timedelta(days=7),
    )
    actions.create_article(
        actor=editor,
        language="en",
        title="Draft: notes from a training for drivers",
        kind=Article.Kind.NEWS,
        category=categories["organisation"],
        summary="A draft: only editors see it.",
        body="Not finished yet. This is a demonstration text.",
    )
    out(f"{len(ARTICLES)} demo articles published, 1 scheduled, 1 draft")
