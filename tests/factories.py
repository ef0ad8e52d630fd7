"""factory-boy factories shared by the tests."""

import factory

from community.accounts.models import User
from community.organisations.models import Membership, Offering, Organisation, Role

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    email_verified = True
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = "business"
    name = factory.Sequence(lambda n: f"Hostal Andino {n}")
    slug = factory.Sequence(lambda n: f"hostal-andino-{n}")
    country = "EC"
    city = "Loja"
    sector = "tourism_accommodation"
    size = "micro"
    description = "Un hostal familiar."
    phone = "+593 7 257 0000"
    email = factory.Sequence(lambda n: f"hostal{n}@example.org")
    contact_visibility = "public"


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class OfferingFactory(factory.django.DjangoModelFactory[Offering]):
    class Meta:
        model = Offering

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Tour {n}")
    kind = "service"
    description = "A day in the cloud forest."
    price_min = 25
    price_max = 40
