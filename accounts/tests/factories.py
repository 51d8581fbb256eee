import factory
from django.contrib.auth.models import Group

from accounts.models import Branch, User
from accounts.roles import Role

# UserFactory(volunteer_status=NO_RECORD): a volunteer account made by hand, never vetted.
NO_RECORD = "no-record"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Branch {n}")
    city = factory.Faker("city", locale="ru_RU")
    country = "RU"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with the given roles (role values) and branches; password is "password"."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="ru_RU")
    language = "en"
    password = factory.django.Password("password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def branches(self, create, extracted, **kwargs):
        if create and extracted:
            self.branches.add(*extracted)

    @factory.post_generation
    def volunteer_status(self, create, extracted, **kwargs):
        """An account with the volunteer role comes out of vetting with a volunteer record,
        active unless volunteer_status says otherwise (None: an account made without one)."""
        from network.models import Volunteer
        from network.tests.factories import vetted_volunteer_record

        if not create or not self.groups.filter(name=Role.VOLUNTEER.value).exists():
            return
        if extracted is NO_RECORD:
            return
        vetted_volunteer_record(self, extracted or Volunteer.Status.ACTIVE)
