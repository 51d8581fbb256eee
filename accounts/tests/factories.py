import factory
from django.contrib.auth.models import Group

from accounts.models import Branch, User


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
