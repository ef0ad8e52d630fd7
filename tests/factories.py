"""factory-boy factories shared by the tests."""

import factory
from django.utils import timezone

from community.accounts.models import User
from community.markdown import render_markdown
from community.organisations.models import Membership, Offering, Organisation, Role
from forums.models import Access, Category, Post, Topic
from networks.models import Network, NetworkMembership, NetworkRole, Visibility

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


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Clúster de turismo {n}")
    slug = factory.Sequence(lambda n: f"cluster-turismo-{n}")
    visibility = Visibility.PUBLIC


class NetworkMembershipFactory(factory.django.DjangoModelFactory[NetworkMembership]):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = NetworkRole.MEMBER


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Estrategias de formación {n}")
    slug = factory.Sequence(lambda n: f"estrategias-{n}")
    description = "Experiencias de formación virtual."
    read_access = Access.EVERYONE
    start_access = Access.MEMBERS
    reply_access = Access.MEMBERS


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    """A topic with its opening post (as topic_create would make it)."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"¿Cómo capacitar a distancia? {n}")
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening_post(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            post = PostFactory(topic=obj, author=obj.author, body=extracted or "Primera pregunta.")
            obj.last_post = post
            obj.save(update_fields=["last_post"])


class PostFactory(factory.django.DjangoModelFactory[Post]):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Una respuesta útil."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))


class PollFactory(factory.django.DjangoModelFactory):
    """A poll on a topic with three options; `PollFactory(options=["Sí", "No"])` chooses them."""

    class Meta:
        model = "forums.Poll"
        skip_postgeneration_save = True

    topic = factory.SubFactory(TopicFactory)
    question = factory.Sequence(lambda n: f"¿Qué formación necesita su equipo? {n}")

    @factory.post_generation
    def options(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            labels = extracted or ["Atención al cliente", "Contabilidad básica", "Marketing digital"]
            for position, label in enumerate(labels):
                obj.options.create(label=label, position=position)


class FlagFactory(factory.django.DjangoModelFactory):
    """An open flag, written directly: Post.flag_count is left as it was (post_flag keeps it)."""

    class Meta:
        model = "forums.Flag"

    post = factory.SubFactory(PostFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "spam"


class NetworkOrganisationFactory(factory.django.DjangoModelFactory["NetworkOrganisation"]):
    class Meta:
        model = "networks.NetworkOrganisation"

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PartnershipPostFactory(factory.django.DjangoModelFactory["PartnershipPost"]):
    class Meta:
        model = "networks.PartnershipPost"

    network = factory.SubFactory(NetworkFactory)
    author = factory.SubFactory(UserFactory)
    direction = "offer"
    kind = "training"
    title = factory.Sequence(lambda n: f"Curso de guianza turística {n}")
    description = "Formación de guías para el clúster."
    sector = "tourism_tour_operator"
    country = "EC"


class BusinessPlanFactory(factory.django.DjangoModelFactory["BusinessPlan"]):
    """A member's business plan (pass organisation=..., owner=None for an organisation's)."""

    class Meta:
        model = "toolbox.BusinessPlan"

    title = factory.Sequence(lambda n: f"Plan de negocio {n}")
    owner = factory.SubFactory(UserFactory)
    language = "es"
    summary = "Lodge familiar de seis habitaciones."


class CashFlowProjectionFactory(factory.django.DjangoModelFactory["CashFlowProjection"]):
    class Meta:
        model = "toolbox.CashFlowProjection"

    title = factory.Sequence(lambda n: f"Flujo de caja {n}")
    owner = factory.SubFactory(UserFactory)
    months = 12
    start_month = factory.LazyFunction(lambda: timezone.now().date().replace(month=1, day=1))
    opening_balance = 0


class MarketingPlanFactory(factory.django.DjangoModelFactory["MarketingPlan"]):
    class Meta:
        model = "toolbox.MarketingPlan"

    title = factory.Sequence(lambda n: f"Plan de marketing {n}")
    owner = factory.SubFactory(UserFactory)
    channels = factory.LazyFunction(lambda: ["showcase", "instagram"])
    planned_budget = 500


class PracticeFactory(factory.django.DjangoModelFactory["Practice"]):
    """A published practice written directly (no version snapshot); the workflow tests use the services."""

    class Meta:
        model = "library.Practice"

    title = factory.Sequence(lambda n: f"Formación virtual para hostales {n}")
    slug = factory.Sequence(lambda n: f"formacion-virtual-{n}")
    summary = "Cursos en línea para pequeños hoteles."
    country = "EC"
    sector = "tourism_accommodation"
    training_area = "digital_skills"
    target_groups = factory.LazyFunction(lambda: ["business_owners"])
    language = "es"
    author = factory.SubFactory(UserFactory)
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
