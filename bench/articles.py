"""The benchmark's public content: articles in Russian and English, tags and a few events with
programmes, all synthetic and written by the bench editor (bench.users), for the public pages'
figures (bench.public).

`seed_articles` writes them in bulk, the way a site that has published for years looks: about
max(200, scale // 100) articles (10,000 at a million cases), most of them published over the
last six years, a few drafts, some in review and a few scheduled; about two groups in three
have both languages. Texts are Markdown of a few kilobytes, rendered by publishing.markdown as an
editor's save would. Everything is drawn from `rng`, so one seed gives the same site.
"""

import datetime
import uuid

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.roles import Role
from bench.users import user
from publishing import markdown
from publishing.models import Article, Category, Event, ProgrammeItem, Tag

BATCH_SIZE = 1000
YEARS = 6

TEXT_WORDS = {
    "ru": (
        "волонтёры движение помощь работа паспорт договор работодатель посредник долг "
        "объявление вакансия граница юрист психолог семья дом возвращение свобода цех стройка "
        "ферма теплица документы полиция суд приют партнёры регион город область сообщение "
        "проверка выезд команда безопасность поддержка обучение профилактика школа колледж "
        "студенты родственники телефон адрес деньги зарплата обещание условия общежитие смена "
        "охрана территория сеть соцсети вербовка эксплуатация насилие пострадавшие люди"
    ),
    "en": (
        "volunteers movement help work passport contract employer go-between debt advert "
        "vacancy border lawyer psychologist family home return freedom workshop building-site "
        "farm greenhouse documents police court shelter partners region city province message "
        "check trip team safety support training prevention school college students relatives "
        "phone address money wages promise conditions hostel shift guards site network social "
        "recruitment exploitation violence survivors people"
    ),
}
WORDS = {language: text.split() for language, text in TEXT_WORDS.items()}
HEADINGS = {
    "ru": ["Что произошло", "Что дальше", "Как это было", "Что важно знать", "Как помочь"],
    "en": ["What happened", "What happens next", "How it went", "What to know", "How to help"],
}
TITLES = {
    "ru": [
        "Волонтёры провели занятие в {}",
        "Круглый стол о помощи пострадавшим в {}",
        "Обзор: вербовка через объявления в {}",
        "Партнёры из {} присоединились к движению",
        "Как распознать опасную вакансию: опыт {}",
        "Итоги года в {}",
    ],
    "en": [
        "Volunteers hold a class in {}",
        "A round table on helping survivors in {}",
        "Review: recruitment through adverts in {}",
        "Partners from {} join the movement",
        "How to spot a dangerous vacancy: lessons from {}",
        "The year in {}",
    ],
}
PLACES = {
    "ru": ["Москве", "Казани", "Махачкале", "Хараре", "Джубе", "Тель-Авиве", "Улан-Баторе"],
    "en": ["Moscow", "Kazan", "Makhachkala", "Harare", "Juba", "Tel Aviv", "Ulaanbaatar"],
}
TAGS = {
    "ru": [
        "профилактика", "обучение", "принудительный труд", "сексуальная эксплуатация",
        "попрошайничество", "домашнее насилие", "возвращение домой", "юридическая помощь",
        "партнёры", "волонтёры", "вербовка", "документы", "дети", "мигранты", "круглый стол",
    ],
    "en": [
        "prevention", "training", "forced labour", "sexual exploitation", "forced begging",
        "domestic violence", "returning home", "legal help", "partners", "volunteers",
        "recruitment", "documents", "children", "migrants", "round table",
    ],
}  # fmt: skip


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _sentence(rng, language, words):
    text = " ".join(rng.choice(WORDS[language]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng, language):
    return " ".join(_sentence(rng, language, rng.randint(6, 16)) for _ in range(rng.randint(3, 7)))


def _body(rng, language):
    """Markdown of two to five sections, each a few paragraphs, some with a list or bold words:
    about 2 to 6 kB, like the organisation's own news."""
    parts = [_paragraph(rng, language)]
    for heading in rng.sample(HEADINGS[language], rng.randint(1, 4)):
        parts.append(f"## {heading}")
        for _ in range(rng.randint(1, 3)):
            parts.append(_paragraph(rng, language))
        if rng.random() < 0.4:
            parts.append(
                "\n".join(f"- {_sentence(rng, language, rng.randint(3, 8))}" for _ in range(4))
            )
        if rng.random() < 0.3:
            word = rng.choice(WORDS[language])
            parts.append(f"**{word.capitalize()}** — {_sentence(rng, language, 8)}")
    return "\n\n".join(parts)


def _tags(language):
    """The bench's tags of one language, created when missing; a tag of the same name made by
    someone else (the demo) is reused, since names are unique without letter case."""
    wanted = TAGS[language]
    existing = {tag.key: tag for tag in Tag.objects.filter(key__in=[n.casefold() for n in wanted])}
    missing = [
        Tag(name=name, key=name.casefold(), slug=f"bench-{slugify(name, allow_unicode=True)}")
        for name in wanted
        if name.casefold() not in existing
    ]
    Tag.objects.bulk_create(missing)
    return list(Tag.objects.filter(key__in=[n.casefold() for n in wanted]).order_by("pk"))


def _status(rng, now, published_at):
    """Mostly published; a few drafts, some in review, one in a hundred scheduled."""
    draw = rng.random()
    if draw < 0.03:
        return Article.Status.DRAFT, None
    if draw < 0.05:
        return Article.Status.IN_REVIEW, None
    if draw < 0.06:
        return Article.Status.PUBLISHED, now + datetime.timedelta(days=rng.randint(1, 30))
    return Article.Status.PUBLISHED, published_at


def seed_articles(*, scale, rng, out=print):
    """Bulk-write the bench's articles, tags and events; {what: rows written}. Nothing is
    written when the bench editor already has articles (the same seed was run before)."""
    editor = user(Role.EDITOR)
    if Article.objects.filter(author=editor).exists():
        out("Bench articles exist already; left as they are.")
        return {"articles": Article.objects.filter(author=editor).count()}
    wanted = max(200, scale // 100)
    categories = list(Category.objects.order_by("position", "slug"))
    tags = {language: _tags(language) for language in ("ru", "en")}
    now = timezone.now()
    span = YEARS * 365 * 24 * 3600

    articles, article_tags = [], []
    number = 0
    while len(articles) < wanted:
        group = _uuid(rng)
        published_at = now - datetime.timedelta(seconds=rng.randint(3600, span))
        category = rng.choice(categories)
        kind = rng.choices(
            [Article.Kind.NEWS, Article.Kind.REVIEW, Article.Kind.PRESS], weights=[7, 2, 1]
        )[0]
        place = rng.randrange(len(PLACES["ru"]))
        title_form = rng.randrange(len(TITLES["ru"]))
        languages = rng.choices([("ru", "en"), ("ru",), ("en",)], weights=[6, 3, 1])[0]
        for language in languages:
            number += 1
            title = TITLES[language][title_form].format(PLACES[language][place])
            status, publish_at = _status(rng, now, published_at)
            body = _body(rng, language)
            article = Article(
                group=group,
                language=language,
                kind=kind,
                category=category,
                title=title,
                slug=f"{slugify(title, allow_unicode=True)[:100]}-{number}",
                summary=_sentence(rng, language, rng.randint(12, 24)),
                body=body,
                body_html=markdown.render(body),
                status=status,
                publish_at=publish_at,
                author=editor,
            )
            if kind == Article.Kind.PRESS:
                article.source_name = "Example Gazette"
                article.source_url = f"https://example.org/bench/{number}"
            articles.append(article)
            article_tags.append(rng.sample(tags[language], rng.randint(0, 4)))

    with transaction.atomic():
        # Primary keys come back on both databases (RETURNING), for the tags' rows.
        Article.objects.bulk_create(articles, batch_size=BATCH_SIZE)
        through = Article.tags.through
        through.objects.bulk_create(
            (
                through(article_id=article.pk, tag_id=tag.pk)
                for article, chosen in zip(articles, article_tags, strict=True)
                for tag in chosen
            ),
            batch_size=BATCH_SIZE,
        )
        events, items = _seed_events(rng, editor, now)
    published = sum(1 for article in articles if article.status == Article.Status.PUBLISHED)
    out(
        f"{len(articles)} bench articles ({published} published or scheduled), "
        f"{events} events with {items} programme items"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publishing_article, publishing_article_tags")
    return {
        "articles": len(articles),
        "article_tags": sum(len(chosen) for chosen in article_tags),
        "events": events,
        "programme_items": items,
    }


def _seed_events(rng, editor, now):
    """Six events in both languages, half of them over, each with four programme items."""
    events, items = 0, 0
    for number in range(6):
        group = _uuid(rng)
        starts_at = (now + datetime.timedelta(days=rng.randint(-400, 60))).replace(
            minute=0, second=0, microsecond=0
        )
        kind = rng.choice(list(Event.Kind))
        for language in ("ru", "en"):
            event = Event.objects.create(
                group=group,
                language=language,
                kind=kind,
                title=TITLES[language][number % len(TITLES[language])].format(
                    PLACES[language][number]
                ),
                slug=f"bench-event-{number + 1}",
                summary=_sentence(rng, language, 16),
                description=_body(rng, language),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=3),
                venue=PLACES[language][number],
                organisers="Svoboda",
                participants="\n".join(_sentence(rng, language, 3) for _ in range(3)),
                is_published=True,
                created_by=editor,
            )
            events += 1
            ProgrammeItem.objects.bulk_create(
                ProgrammeItem(
                    event=event,
                    starts_at=starts_at + datetime.timedelta(minutes=45 * i),
                    ends_at=starts_at + datetime.timedelta(minutes=45 * i + 40),
                    title=_sentence(rng, language, 6),
                    speaker_name=f"Speaker {i + 1}",
                    speaker_organisation="Example Foundation",
                )
                for i in range(4)
            )
            items += 4
    return events, items
