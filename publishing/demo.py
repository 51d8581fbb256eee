"""Demo articles: a few published ones in Russian and English (some translations of each other),
one scheduled for next week and one draft; and a rescue report on the demo's completed
operation, published in Russian with its anonymisation confirmed, with an English version left
as a draft that still names a survivor, so the anonymisation check has something to show.

Written and published by the demo editor through the same actions editors use. The text is
invented; no real person, case or place of work is described.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from operations.demo import COMPLETED_OPERATION
from operations.models import Operation
from publishing import actions, anonymisation, rescue_reports
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


# The editor's own title and address, in place of the draft's "operation: country, month".
REPORT_TITLE = "Спасательная операция: две женщины вышли из швейного цеха"
REPORT_SUMMARY = (
    "Две женщины, которых удерживали в подпольном швейном цехе, на свободе и получают помощь."
)
REPORT_BODY = (
    "## Что произошло\n\n"
    "Нам написала родственница одной из работниц: двух молодых женщин держали в подпольном "
    "швейном цехе. Владелец забрал у них документы, не платил обещанных денег и не выпускал "
    "их без сопровождения.\n\n"
    "Волонтёры несколько недель проверяли сообщение, а затем команда движения вместе с "
    "партнёрами подготовила выезд. Рано утром обе женщины вышли из цеха и уехали с командой. "
    "Никто не пострадал.\n\n"
    "## Что дальше\n\n"
    "Сейчас обе в безопасности. Они получают юридическую и психологическую помощь, юристы "
    "партнёрской организации восстанавливают документы. Когда женщины будут готовы, мы "
    "поможем им вернуться домой.\n\n"
    "Обе согласились, чтобы об операции рассказали без имён; подробности, по которым их можно "
    "узнать, опущены. Если вы знаете о похожей ситуации, напишите нам: обращение можно "
    "отправить анонимно.\n\n"
    "Это демонстрационный текст."
)
# The translation is unfinished on purpose: it still names a survivor ("Fatima", the Latin
# spelling of a demo survivor's name), which the anonymisation panel lists for the editor.
REPORT_EN_TITLE = "Rescue operation: two women leave a sewing workshop"
REPORT_EN_SUMMARY = "Two women held in an illegal sewing workshop are free and getting help."
REPORT_EN_BODY = (
    "## What happened\n\n"
    "A relative of one of the workers wrote to us: two young women were kept in an illegal "
    "sewing workshop. The owner had taken their documents, did not pay them what was promised "
    "and never let them out alone.\n\n"
    "Volunteers checked the message for several weeks; then the team and our partners "
    "prepared the trip. Early in the morning Fatima and her colleague walked out of the "
    "workshop and left with the team. Nobody was hurt.\n\n"
    "## What happens next\n\n"
    "Both are safe now, with legal and psychological help; a partner organisation is "
    "restoring their documents.\n\n"
    "This is a demonstration text."
)


def seed_demo(out):
    seed_articles(out)
    seed_rescue_report(out)
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


def seed_rescue_report(out):
    """The rescue report on the operation operations/demo.py completed, written as an editor
    would: started from the operation, rewritten, checked, confirmed and published."""
    if Article.objects.filter(kind=Article.Kind.RESCUE_REPORT).exists():
        out("A rescue report exists already; the demo report left as it is.")
        return
    editor = User.objects.filter(email=EDITOR).first()
    operation = Operation.objects.filter(
        title=COMPLETED_OPERATION, status=Operation.Status.COMPLETED
    ).first()
    if editor is None or operation is None:
        out("No demo editor or completed demo operation; no rescue report written.")
        return
    report = rescue_reports.start_rescue_report(actor=editor, operation=operation, language="ru")
    report = actions.update_article(
        actor=editor,
        article=report,
        title=REPORT_TITLE,
        slug=REPORT_TITLE,
        summary=REPORT_SUMMARY,
        body=REPORT_BODY,
    )
    # What the editor reads on the report's page before confirming (recorded in the audit).
    rescue_reports.check_report(actor=editor, article=report)
    report = rescue_reports.confirm_anonymisation(
        actor=editor, article=report, fingerprint=anonymisation.fingerprint(report)
    )
    report = actions.publish_article(actor=editor, article=report)
    actions.create_article(
        actor=editor,
        language="en",
        title=REPORT_EN_TITLE,
        translation_of=report,
        category=report.category,
        summary=REPORT_EN_SUMMARY,
        body=REPORT_EN_BODY,
    )
    out("1 demo rescue report published in Russian, its English version a draft naming a survivor")
