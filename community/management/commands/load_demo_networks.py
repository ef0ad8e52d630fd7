"""load_demo_networks: clusters and networks on top of load_demo's community (modelled on a chamber's
26-cluster programme: tourism and agro-industry clusters in Ecuador and Colombia, a women-led business
network, a network of training institutions), with offers, needs and partnerships in every state.

Everything goes through the networks services (invitations are sent and accepted, interests are
recorded); safe to run again: what exists is skipped.
"""

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from community.organisations.models import Organisation, Role
from networks import services
from networks.models import (
    JoinRequest,
    Network,
    NetworkMembership,
    NetworkOrganisation,
    NetworkRole,
    Partnership,
    PartnershipInterest,
    PartnershipPost,
)

CHAMBER_EC = "Cámara de Comercio y Turismo del Sur"
CHAMBER_CO = "Cámara de Comercio del Oriente Andino"

# name, kind, host, visibility, join policy, sectors, countries, members (organisation names), description
NETWORKS: list[dict[str, Any]] = [
    {
        "name": "Clúster de Turismo de Loja",
        "kind": "business_cluster",
        "host": CHAMBER_EC,
        "visibility": "public",
        "join_policy": "request",
        "sectors": [
            "tourism_accommodation",
            "tourism_restaurant",
            "tourism_tour_operator",
            "tourism_handicrafts",
        ],
        "countries": ["EC"],
        "members": [
            "Hostal Las Orquídeas",
            "Hostería Río Chamba",
            "El Tamal Lojano",
            "Kawsay Saraguro – Turismo Comunitario",
            "Asociación Artesanal Mullu Warmi",
            "Transporte Turístico Sur Andino",
            "Instituto Tecnológico Superior de Turismo del Sur",
        ],
        "description": "Alojamientos, restaurantes, guías y artesanas de Loja, Vilcabamba y Saraguro que "
        "venden juntos la ruta del sur. Tourism businesses of southern Ecuador selling one route together.",
    },
    {
        "name": "Clúster de Turismo de Zamora y el Austro",
        "kind": "business_cluster",
        "host": CHAMBER_EC,
        "visibility": "public",
        "join_policy": "open",
        "sectors": ["tourism_accommodation", "tourism_tour_operator", "tourism_restaurant"],
        "countries": ["EC"],
        "members": [
            "Podocarpus Nature Tours",
            "Lodge Río Bombuscaro",
            "Sabores de Zamora",
            "Tours Ingapirca Andino",
            "Hostal Posada del Tomebamba",
            "Cafetería Barranco del Tomebamba",
        ],
        "description": "Turismo de naturaleza en Zamora Chinchipe y turismo cultural en Cuenca.",
    },
    {
        "name": "Clúster Agroindustrial del Sur",
        "kind": "business_cluster",
        "host": CHAMBER_EC,
        "visibility": "private",
        "join_policy": "request",
        "sectors": ["agriculture", "manufacturing"],
        "countries": ["EC"],
        "members": ["Quesera San Lucas", "Asociación de Cafetaleros Río Pindo", "Chocolates Amazonía Zamora"],
        "description": "Café de altura, cacao fino y lácteos: compras conjuntas y acceso a mercados.",
    },
    {
        "name": "Clúster de Turismo de Santander",
        "kind": "business_cluster",
        "host": CHAMBER_CO,
        "visibility": "public",
        "join_policy": "open",
        "sectors": ["tourism_accommodation", "tourism_tour_operator"],
        "countries": ["CO"],
        "members": [
            "Casa Guane Hostal",
            "Aventura Chicamocha Tours",
            "Escuela de Oficios y Gastronomía del Quindío",
        ],
        "description": "Barichara, el Cañón del Chicamocha y el Camino Real: paquetes conjuntos.",
    },
    {
        "name": "Clúster Agroindustrial de Santander",
        "kind": "business_cluster",
        "host": CHAMBER_CO,
        "visibility": "public",
        "join_policy": "request",
        "sectors": ["agriculture", "manufacturing"],
        "countries": ["CO"],
        "members": ["Bocadillos Veleños Doña Inés", "Instituto de Formación Técnica del Oriente"],
        "description": "Bocadillo veleño, café y cacao de Santander.",
    },
    {
        "name": "Red de Mujeres Empresarias Ecuador–Colombia",
        "kind": "women_network",
        "host": "Fundación Red de Empresarias de Santander",
        "visibility": "private",
        "join_policy": "invitation",
        "sectors": [],
        "countries": ["EC", "CO"],
        "members": [
            "Asociación Artesanal Mullu Warmi",
            "Cooperativa de Tejedoras Flor del Sígsig",
            "Bocadillos Veleños Doña Inés",
            "Casa Guane Hostal",
            "Fundación Warmikuna Emprende",
        ],
        "description": "Empresarias de Ecuador y Colombia que comparten compradores, ferias y experiencias. "
        "Women entrepreneurs sharing buyers, fairs and experience across the border.",
    },
    {
        "name": "Red de Institutos Técnicos Andinos",
        "kind": "vti_network",
        "host": "Instituto Tecnológico Superior de Turismo del Sur",
        "visibility": "public",
        "join_policy": "request",
        "sectors": ["education"],
        "countries": ["EC", "CO"],
        "members": [
            "Centro de Formación Continua del Austro",
            "Instituto de Formación Técnica del Oriente",
            "Escuela de Oficios y Gastronomía del Quindío",
        ],
        "description": "Institutos que comparten programas, pasantías y plazas de aprendizaje.",
    },
]

# network, organisation, direction, kind, title, description, tags
POSTS: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "Clúster de Turismo de Loja",
        "Instituto Tecnológico Superior de Turismo del Sur",
        "offer",
        "training",
        "Curso de guianza turística en inglés",
        "Ocho semanas, sábados, para guías de la ruta del sur.",
        ["guianza", "inglés"],
    ),
    (
        "Clúster de Turismo de Loja",
        "Kawsay Saraguro – Turismo Comunitario",
        "need",
        "training",
        "Guías bilingües para turismo comunitario",
        "Necesitamos formar a seis guías jóvenes de la comunidad.",
        ["guianza", "inglés", "comunitario"],
    ),
    (
        "Clúster de Turismo de Loja",
        "Hostal Las Orquídeas",
        "offer",
        "tourism_package",
        "Paquete Vilcabamba–Saraguro de tres días",
        "Alojamiento, transporte y visita a talleres de tejido.",
        ["paquete", "vilcabamba"],
    ),
    (
        "Clúster de Turismo de Loja",
        "Asociación Artesanal Mullu Warmi",
        "need",
        "co_marketing",
        "Vitrinas para nuestros tejidos en hostales",
        "Buscamos hostales que exhiban y vendan nuestras piezas.",
        ["artesanía", "vitrina"],
    ),
    (
        "Clúster Agroindustrial del Sur",
        "Asociación de Cafetaleros Río Pindo",
        "offer",
        "supply",
        "Café de altura tostado para cafeterías",
        "Lotes de 20 kg al mes, tueste medio.",
        ["café"],
    ),
    (
        "Clúster de Turismo de Zamora y el Austro",
        "Cafetería Barranco del Tomebamba",
        "need",
        "purchase",
        "Proveedor de café de especialidad",
        "Compramos 15 kg al mes de café de altura.",
        ["café"],
    ),
    (
        "Clúster de Turismo de Santander",
        "Escuela de Oficios y Gastronomía del Quindío",
        "offer",
        "apprenticeship",
        "Pasantes de cocina para temporada alta",
        "Doce estudiantes disponibles de junio a agosto.",
        ["cocina", "pasantías"],
    ),
    (
        "Clúster de Turismo de Santander",
        "Casa Guane Hostal",
        "need",
        "apprenticeship",
        "Pasantes de cocina y recepción",
        "Dos plazas en Barichara, con alojamiento.",
        ["cocina", "pasantías"],
    ),
    (
        "Red de Mujeres Empresarias Ecuador–Colombia",
        "Fundación Warmikuna Emprende",
        "offer",
        "mentoring",
        "Mentoría en ventas en línea para empresarias",
        "Seis sesiones por videollamada.",
        ["ventas", "mentoría"],
    ),
    (
        "Red de Mujeres Empresarias Ecuador–Colombia",
        "Cooperativa de Tejedoras Flor del Sígsig",
        "need",
        "mentoring",
        "Acompañamiento para vender en línea",
        "Queremos abrir una tienda en línea.",
        ["ventas"],
    ),
    (
        "Red de Institutos Técnicos Andinos",
        "Centro de Formación Continua del Austro",
        "offer",
        "training",
        "Programa de formación de formadores",
        "Metodologías activas para docentes técnicos.",
        ["docentes"],
    ),
]

# title, post title, interested organisation, status, people trained, outcomes
PARTNERSHIPS: list[tuple[str, str, str, str, int, str]] = [
    (
        "Guías bilingües para Saraguro",
        "Curso de guianza turística en inglés",
        "Kawsay Saraguro – Turismo Comunitario",
        "active",
        6,
        "Seis guías en formación.",
    ),
    (
        "Vitrina de tejidos en Las Orquídeas",
        "Vitrinas para nuestros tejidos en hostales",
        "Hostal Las Orquídeas",
        "completed",
        0,
        "Se vendieron 40 piezas en la temporada.",
    ),
    (
        "Café Río Pindo para el Barranco",
        "Proveedor de café de especialidad",
        "Asociación de Cafetaleros Río Pindo",
        "agreed",
        0,
        "",
    ),
    (
        "Pasantías de cocina en Barichara",
        "Pasantes de cocina y recepción",
        "Escuela de Oficios y Gastronomía del Quindío",
        "proposed",
        0,
        "",
    ),
    (
        "Mentoría de ventas para Flor del Sígsig",
        "Acompañamiento para vender en línea",
        "Fundación Warmikuna Emprende",
        "ended",
        4,
        "La cooperativa abrió su tienda; la mentoría terminó antes por falta de conexión.",
    ),
]


def _owner(organisation: Organisation) -> Any:
    membership = organisation.memberships.filter(role=Role.OWNER).select_related("user").first()
    return membership.user if membership else None


class Command(BaseCommand):
    help = "Load demo networks, memberships, offers, needs and partnerships (run load_demo first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even though DATABASE_URL is set.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError("DATABASE_URL is set, so this looks like a real deployment; pass --force.")
        if not Organisation.objects.filter(name=CHAMBER_EC).exists():
            raise CommandError("Run load_demo first: the networks are built on its organisations.")
        self.created: Counter[str] = Counter()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for spec in NETWORKS:
                self._network(spec)
            for post_spec in POSTS:
                self._post(*post_spec)
            for partnership_spec in PARTNERSHIPS:
                self._partnership(*partnership_spec)
        made = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing, it was all there"
        self.stdout.write(self.style.SUCCESS(f"Demo networks loaded (created now: {made})."))
        self.stdout.write(f"{Network.objects.count()} networks, {Partnership.objects.count()} partnerships.")

    def _org(self, name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    def _ensure_member(self, network: Network, owner: Any, user: Any) -> None:
        if NetworkMembership.objects.filter(network=network, user=user).exists():
            return
        _invitation, token = services.invitation_create(network=network, actor=owner, user=user)
        services.invitation_accept(token=token, user=user)
        self.created["memberships"] += 1

    def _network(self, spec: dict[str, Any]) -> None:
        host = self._org(spec["host"])
        owner = _owner(host)
        network = Network.objects.filter(name=spec["name"]).first()
        if network is None:
            network = services.network_create(
                creator=owner,
                name=spec["name"],
                kind=spec["kind"],
                description=spec["description"],
                visibility=spec["visibility"],
                join_policy=spec["join_policy"],
                sectors=spec["sectors"],
                countries=spec["countries"],
                host=host,
            )
            self.created["networks"] += 1
        # The host's administrators moderate the network.
        for membership in host.memberships.filter(role=Role.ADMIN).select_related("user"):
            self._ensure_member(network, owner, membership.user)
            network_membership = NetworkMembership.objects.get(network=network, user=membership.user)
            if network_membership.role == NetworkRole.MEMBER:
                services.membership_set_role(
                    membership=network_membership, actor=owner, role=NetworkRole.MODERATOR
                )
        for name in [spec["host"], *spec["members"]]:
            organisation = self._org(name)
            member = _owner(organisation)
            self._ensure_member(network, owner, member)
            if not NetworkOrganisation.objects.filter(network=network, organisation=organisation).exists():
                services.network_organisation_add(network=network, organisation=organisation, actor=member)
                self.created["organisations enrolled"] += 1
        if spec["join_policy"] == "request":
            self._pending_request(network)

    def _pending_request(self, network: Network) -> None:
        """One applicant waiting, so that moderators see the queue: a Guatemalan hotel's owner."""
        applicant = _owner(self._org("Posada Doña Rosario"))
        if NetworkMembership.objects.filter(network=network, user=applicant).exists():
            return
        if not JoinRequest.objects.filter(network=network, user=applicant).exists():
            services.join_request_create(
                network=network, user=applicant, message="Nos interesa aprender de su experiencia de clúster."
            )
            self.created["join requests"] += 1

    def _post(
        self,
        network_name: str,
        org_name: str,
        direction: str,
        kind: str,
        title: str,
        text: str,
        tags: list[str],
    ) -> None:
        if PartnershipPost.objects.filter(title=title).exists():
            return
        network = Network.objects.get(name=network_name)
        organisation = self._org(org_name)
        services.post_create(
            author=_owner(organisation),
            network=network,
            organisation=organisation,
            direction=direction,
            kind=kind,
            title=title,
            description=text,
            sector=organisation.sector,
            country=str(organisation.country),
            region=organisation.region,
            tags=tags,
        )
        self.created["board posts"] += 1

    def _partnership(
        self, title: str, post_title: str, partner_name: str, status: str, trained: int, outcomes: str
    ) -> None:
        if Partnership.objects.filter(title=title).exists():
            return
        post = PartnershipPost.objects.select_related("organisation", "author").get(title=post_title)
        partner = self._org(partner_name)
        contact = _owner(partner)
        if not PartnershipInterest.objects.filter(post=post, user=contact).exists():
            services.interest_create(post=post, user=contact, organisation=partner, message="¡Nos interesa!")
        assert post.organisation is not None  # noqa: S101 - every demo post speaks for an organisation
        partnership = services.partnership_create(
            actor=post.author, title=title, parties=[post.organisation, partner], origin_post=post
        )
        services.partnership_update(
            partnership=partnership, actor=contact, status=status, people_trained=trained, outcomes=outcomes
        )
        self.created["partnerships"] += 1
