"""Demo events: a round table ahead and a training behind, each in Russian and English as versions
of each other, with a programme, and a report for the one that is over. Synthetic people and
organisations only; written through publishing.event_actions as the demo editor, so the audit
trail shows them as any editor's work would.

The demo (publishing.demo) calls seed_events(out).
"""

import datetime

from django.utils import timezone

from accounts.models import User
from publishing import event_actions
from publishing.models import Event

ROUND_TABLE = {
    "ru": {
        "title": "Современное рабство: профилактика и спасение",
        "slug": "sovremennoe-rabstvo-profilaktika-i-spasenie",
        "summary": "Круглый стол о том, как распознать вербовку в рабство, "
        "как освобождают людей и как им помогают вернуться к жизни.",
        "description": (
            "Каждый год тысячи людей попадают в трудовое и сексуальное рабство, "
            "поверив обещаниям хорошей работы.\n\n"
            "На круглом столе юристы, психологи и волонтёры расскажут:\n\n"
            "- как распознать **опасную вакансию**;\n"
            "- что делать, если у человека отобрали паспорт;\n"
            "- как проходит освобождение и что бывает после.\n\n"
            "Вход свободный, нужна регистрация."
        ),
        "venue": "Библиотека «Открытая книга»",
        "address": "Москва, ул. Примерная, 1",
        "organisers": "Движение «Свобода»",
        "co_organisers": "Центр правовой помощи «Опора»; фонд «Дорога домой»",
        "participants": (
            "Анна Северова, центр «Опора»\n"
            "Игорь Лесной, фонд «Дорога домой»\n"
            "Мария Речная, движение «Свобода»"
        ),
        "materials": "Памятка «Безопасная работа за границей» будет роздана участникам.",
        "programme": [
            (0, 20, "Открытие: что такое современное рабство", "Мария Речная",
             "Движение «Свобода»"),
            (20, 60, "Вербовка через объявления и соцсети", "Анна Северова",
             "Центр правовой помощи «Опора»"),
            (60, 100, "Как проходит освобождение", "Игорь Лесной", "Фонд «Дорога домой»"),
            (100, 150, "Дискуссия: профилактика в школах и на предприятиях", "Ольга Полевая",
             "Институт социальных исследований «Горизонт»"),
        ],
    },
    "en": {
        "title": "Modern slavery: prevention and rescue",
        "slug": "modern-slavery-prevention-and-rescue",
        "summary": "A round table on recognising recruitment into slavery, how people are "
        "freed, and how survivors are helped back to their lives.",
        "description": (
            "Every year thousands of people are trapped in forced labour and sexual "
            "exploitation after believing a promise of good work.\n\n"
            "Lawyers, psychologists and volunteers will talk about:\n\n"
            "- how to recognise a **dangerous job offer**;\n"
            "- what to do when someone's passport has been taken;\n"
            "- how a rescue works and what happens afterwards.\n\n"
            "Free entry; registration required."
        ),
        "venue": "Open Book Library",
        "address": "1 Example Street, Moscow",
        "organisers": "Svoboda movement",
        "co_organisers": "Opora Legal Aid Centre; Road Home Foundation",
        "participants": (
            "Anna Severova, Opora Legal Aid Centre\n"
            "Igor Lesnoy, Road Home Foundation\n"
            "Maria Rechnaya, Svoboda movement"
        ),
        "materials": "A leaflet, “Working abroad safely”, will be handed out.",
        "programme": [
            (0, 20, "Opening: what modern slavery is", "Maria Rechnaya", "Svoboda movement"),
            (20, 60, "Recruitment through job adverts and social networks", "Anna Severova",
             "Opora Legal Aid Centre"),
            (60, 100, "How a rescue works", "Igor Lesnoy", "Road Home Foundation"),
            (100, 150, "Debate: prevention in schools and workplaces", "Olga Polevaya",
             "Horizon Institute for Social Research"),
        ],
    },
}  # fmt: skip

TRAINING = {
    "ru": {
        "title": "Тренинг для волонтёров горячей линии",
        "slug": "trening-dlya-volonterov-goryachej-linii",
        "summary": "Как принять первое обращение, не навредив человеку.",
        "description": "Практический тренинг для новых волонтёров горячей линии.",
        "venue": "Онлайн",
        "address": "",
        "organisers": "Движение «Свобода»",
        "co_organisers": "Ассоциация психологов «Мост»",
        "participants": "",
        "materials": "[Запись тренинга](https://example.org/training-recording)",
        "report": (
            "В тренинге участвовали **34 волонтёра** из пяти городов. Разобрали шесть учебных "
            "обращений и составили памятку для дежурных.\n\n"
            "Следующий тренинг пройдёт весной."
        ),
        "programme": [
            (0, 45, "Первое обращение: слушать и не спешить", "Елена Мостовая",
             "Ассоциация психологов «Мост»"),
            (45, 90, "Безопасность звонящего и волонтёра", "Мария Речная", "Движение «Свобода»"),
            (90, 120, "Разбор учебных обращений", "", ""),
        ],
    },
    "en": {
        "title": "Training for help-line volunteers",
        "slug": "training-for-help-line-volunteers",
        "summary": "How to take a first call for help without causing harm.",
        "description": "A practical training for new help-line volunteers.",
        "venue": "Online",
        "address": "",
        "organisers": "Svoboda movement",
        "co_organisers": "Most Association of Psychologists",
        "participants": "",
        "materials": "[Recording of the training](https://example.org/training-recording)",
        "report": (
            "**34 volunteers** from five cities took part. We worked through six practice "
            "calls and wrote a checklist for volunteers on duty.\n\n"
            "The next training will be in spring."
        ),
        "programme": [
            (0, 45, "A first call: listen and take your time", "Elena Mostovaya",
             "Most Association of Psychologists"),
            (45, 90, "Keeping the caller and the volunteer safe", "Maria Rechnaya",
             "Svoboda movement"),
            (90, 120, "Practice calls", "", ""),
        ],
    },
}  # fmt: skip


def _at(days, hour):
    """A local time `days` from today (negative: in the past), at `hour` o'clock."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _announce(editor, kind, texts, *, starts_at, minutes, original=None, language):
    fields = dict(texts[language])
    programme = fields.pop("programme")
    translated = None
    if original is not None:
        # A version starts with the original's programme (event_actions.create_event); the demo
        # gives its translation item by item, as an editor does on the version's form.
        translated = {
            item.pk: {"title": title, "speaker_name": speaker, "speaker_organisation": organisation}
            for item, (_start, _end, title, speaker, organisation) in zip(
                original.programme.all(), programme, strict=True
            )
        }
    event = event_actions.create_event(
        actor=editor,
        language=language,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        translation_of=original,
        programme_texts=translated,
        **fields,
    )
    if original is None:
        for start, end, title, speaker, organisation in programme:
            event_actions.add_programme_item(
                actor=editor,
                event=event,
                starts_at=starts_at + datetime.timedelta(minutes=start),
                ends_at=starts_at + datetime.timedelta(minutes=end),
                title=title,
                speaker_name=speaker,
                speaker_organisation=organisation,
            )
    return event_actions.set_event_published(actor=editor, event=event, published=True)


def seed_events(out):
    if Event.objects.exists():
        out("demo events already in place")
        return
    editor = User.objects.get(email="editor@demo.svoboda")
    for kind, texts, starts_at, minutes in [
        (Event.Kind.ROUND_TABLE, ROUND_TABLE, _at(21, 11), 150),
        (Event.Kind.TRAINING, TRAINING, _at(-45, 18), 120),
    ]:
        original = _announce(
            editor, kind, texts, starts_at=starts_at, minutes=minutes, language="ru"
        )
        _announce(
            editor,
            kind,
            texts,
            starts_at=starts_at,
            minutes=minutes,
            original=original,
            language="en",
        )
    out("demo events: a round table ahead and a training behind, in Russian and English")
