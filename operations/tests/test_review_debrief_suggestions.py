"""Review: the debrief offers as possible matches only people the coordinator may see."""

import pytest

from cases.models import Person
from cases.tests.factories import PersonFactory
from operations.tests.test_views_operation_complete import data, url

pytestmark = pytest.mark.django_db


def test_someone_of_another_branch_is_never_offered(
    client, running_operation, coordinator, case, other_branch
):
    hidden = PersonFactory(branch=other_branch, given_name="Зарема", family_name="Вымыслова")
    client.force_login(coordinator)
    new = [{"case": str(case.pk), "given_name": "Zarema", "family_name": "Vymyslova"}]
    response = client.post(url(running_operation), data(new=new))
    # Recorded at once, as for a name nobody has: the page says nothing of the other record.
    assert response.status_code == 302
    assert Person.objects.filter(given_name="Zarema").exists()
    follow = client.get(response["Location"]).content.decode()
    assert hidden.reference not in follow and "Вымыслова" not in follow
