"""Demo help requests and cases, made through the same actions staff use, so that the queue,
the case pages and their timelines look like a working week. All names are invented.
"""

import uuid

from accounts.models import Branch, User
from cases import actions as case_actions
from cases.models import Case
from intake import actions, codes
from intake.models import FollowUpCode, HelpRequest

# Published on purpose (README): try /ru/help/follow-up/ with it.
DEMO_FOLLOW_UP_CODE = "берёза лодка солнце окно чайник комната семя"

REQUESTS = [
    {
        "language": "ru",
        "writer_kind": "relative",
        "situations": ["forced_labour"],
        "country": "RU",
        "city": "Кизляр",
        "place": "Кирпичный завод за трассой, второй поворот",
        "since_when": "С весны",
        "people_count": 6,
        "danger": "yes",
        "contact_channel": "telegram",
        "contact_handle": "@demo_brat",
        "safe_times": "После 21:00",
        "write_only": True,
        "description": "Моего брата и ещё пятерых держат на кирпичном заводе. Паспорта забрали, "
        "денег не платят, говорят, что он должен за дорогу.",
    },
    {
        "language": "en",
        "writer_kind": "witness",
        "situations": ["forced_begging"],
        "country": "RU",
        "city": "Moscow",
        "place": "Metro station, the underpass near the exit",
        "danger": "unknown",
        "no_contact": True,
        "description": "Every morning a man brings an elderly woman with crutches and takes the "
        "money from her in the evening. She looks frightened.",
    },
    {
        "language": "ru",
        "writer_kind": "self",
        "situations": ["stranded", "other"],
        "country": "AE",
        "city": "Дубай",
        "danger": "no",
        "contact_channel": "whatsapp",
        "contact_handle": "+7 900 000-00-00",
        "description": "Работодатель не отдаёт паспорт, контракт закончился. Хочу домой.",
    },
]

PEOPLE = [
    {
        "given_name": "Магомед",
        "patronymic": "Ибрагимович",
        "family_name": "Алиев",
        "birth_year": 1994,
        "gender": "Masculine",
        "citizenship": ["RU"],
        "aliases": ["Magomed Aliev", "Mahomed Aliyev"],
    },
    {
        "given_name": "Нодира",
        "family_name": "Каримова",
        "birth_year": 1999,
        "gender": "Feminine",
        "citizenship": ["UZ"],
        "aliases": ["Nodira Karimova"],
    },
]


def seed_demo(out):
    if HelpRequest.objects.exists() or Case.objects.exists():
        out("Help requests and cases exist already; demo requests left as they are.")
        return
    coordinator = User.objects.get(email="coordinator@demo.svoboda")
    caseworker = User.objects.get(email="caseworker@demo.svoboda")
    volunteer = User.objects.get(email="volunteer@demo.svoboda")
    moscow = Branch.objects.get(name="Moscow")

    submitted = []
    for fields in REQUESTS:
        request, _code = actions.submit_request(submission_token=uuid.uuid4(), **fields)
        submitted.append(request)
    kiln, beggar, stranded = submitted
    FollowUpCode.objects.create(request=kiln, code_hash=codes.hash_code(DEMO_FOLLOW_UP_CODE))

    actions.mark_request_read(actor=coordinator, request=kiln)
    actions.triage_request(
        actor=coordinator,
        request=kiln,
        urgency=HelpRequest.Urgency.IMMEDIATE_DANGER,
        branch=moscow,
        assignee=caseworker,
    )
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=kiln, title="Кирпичный завод, Кизляр", branch=moscow
    )
    actions.reply_to_writer(
        actor=caseworker,
        request=kiln,
        body="Здравствуйте. Мы прочитали ваше сообщение и уже занимаемся им. Напишите, пожалуйста, "
        "когда брат выходил на связь в последний раз.",
    )
    case_actions.update_case_details(
        actor=caseworker,
        case=case,
        means_of_control=["WithholdsDocuments", "DebtBondage", "TakesEarnings"],
        recruitment_methods=["ThroughFriendsOrSocialEvents"],
        exploitation_place="Кирпичный завод под Кизляром",
    )
    case_actions.change_case_status(actor=caseworker, case=case, status=Case.Status.VERIFYING)
    for fields in PEOPLE:
        case_actions.add_new_person_to_case(actor=caseworker, case=case, role="victim", **fields)
    case_actions.assign_worker(actor=coordinator, case=case, user=volunteer)
    case_actions.add_task(
        actor=caseworker, case=case, title="Проверить адрес завода по картам", owner=volunteer
    )
    case_actions.add_task(
        actor=caseworker, case=case, title="Связаться с прокуратурой района", owner=caseworker
    )
    case_actions.add_note(
        actor=caseworker,
        case=case,
        body="Брат писал сестре в ночь на понедельник с чужого телефона.",
        is_sensitive=True,
    )
    case_actions.add_note(
        actor=caseworker, case=case, body="Нужен водитель на субботу.", is_sensitive=False
    )

    actions.triage_request(
        actor=coordinator,
        request=beggar,
        urgency=HelpRequest.Urgency.URGENT,
        branch=moscow,
        assignee=None,
    )
    out(
        f"{len(submitted)} demo help requests and 1 case; follow-up code of the first request: "
        f"{DEMO_FOLLOW_UP_CODE}"
    )
    del stranded  # stays new in the queue, as a request arriving at night would
