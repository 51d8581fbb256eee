"""Synthetic help requests for tests."""

import factory

from intake import codes
from intake.models import FollowUpCode, HelpRequest, Message


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    language = "ru"
    writer_kind = HelpRequest.WriterKind.RELATIVE
    situations = [HelpRequest.Situation.FORCED_LABOUR]
    country = "RU"
    city = "Кизляр"
    description = "Брата держат на кирпичном заводе, паспорт забрали."
    contact_channel = HelpRequest.ContactChannel.TELEGRAM
    contact_handle = "@example_handle"


class FollowUpCodeFactory(factory.django.DjangoModelFactory):
    """Pass `code=` to choose the words; the factory stores only their hash."""

    class Meta:
        model = FollowUpCode
        exclude = ["code"]

    request = factory.SubFactory(HelpRequestFactory)
    code = "apple river stone cloud lamp"
    code_hash = factory.LazyAttribute(lambda o: codes.hash_code(o.code))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    request = factory.SubFactory(HelpRequestFactory)
    direction = Message.Direction.FROM_WRITER
    body = "Есть новости."
