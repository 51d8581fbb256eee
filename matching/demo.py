"""Demo duplicate: the demo case's Магомед Алиев, recorded a second time from a partner's
referral as "Mahomed Aliyev", so that the people list shows a possible duplicate to review.

Made through the same actions staff use; the person is the intake demo's invented survivor.
"""

from accounts.models import Branch, User
from cases import actions as case_actions
from cases.models import Person
from matching.duplicates import find_duplicate_pairs, record_pairs
from matching.models import DuplicatePair


def seed_demo(out):
    if DuplicatePair.objects.exists() or not Person.objects.filter(family_name="Алиев").exists():
        out("Possible duplicates exist already, or there is no demo case; left as they are.")
        return
    moscow = Branch.objects.get(name="Moscow")
    coordinator = User.objects.get(email="coordinator@demo.svoboda")
    case_actions.create_person(
        actor=coordinator,
        branch=moscow,
        given_name="Mahomed",
        family_name="Aliyev",
        birth_year=1995,
        gender="Masculine",
        citizenship=["RU"],
        description="Referral from a partner organisation in Dubai.",
    )
    new, _updated, _decided = record_pairs(
        find_duplicate_pairs(Person.objects.filter(branch=moscow))
    ).values()
    out(f"demo duplicates: {new} possible duplicate to review (Магомед Алиев / Mahomed Aliyev)")
