"""load_demo_messaging: conversations on top of the demo community and networks, in Spanish and English.

A direct conversation between a women-led business and her chamber, a group of lodges and guides
arranging a shared route, a network conversation of the women entrepreneurs' network, an English
conversation between a guesthouse owner and a cooperation programme, and a message request from a
stranger. Everything goes through the messaging services; safe to run again: a conversation that
already has messages is skipped.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from community.accounts.models import User
from community.management.commands import _demo_data as data
from messaging import services
from messaging.models import Conversation, Message
from networks.models import Network

# (author key, text); minutes after the conversation's start.
Lines = tuple[tuple[str, str], ...]

DIRECT_ES: Lines = (
    (
        "carmen.cango",
        "Buenos días, Claudia. ¿Ya hay fecha para la rueda de negocios de artesanías en Bucaramanga?",
    ),
    (
        "claudia.rueda",
        "¡Hola, Carmen! Sí: el 14 de marzo. Les guardamos un puesto a las artesanas de Saraguro.",
    ),
    (
        "carmen.cango",
        "Perfecto. Llevaremos **collares de mullo** y fajas tejidas. ¿Necesitan el catálogo en PDF?",
    ),
    (
        "claudia.rueda",
        "Sí, por favor, y los precios al por mayor. Los compradores preguntan por pedidos de 50 piezas.",
    ),
)

GROUP_TITLE = "Ruta del sur: reservas compartidas"
GROUP_MEMBERS = ("silvia.aguirre", "lucia.valdivieso", "andrea.samaniego", "jorge.carrion")
GROUP: Lines = (
    (
        "silvia.aguirre",
        "Hola a todos: abro este grupo para coordinar los paquetes Loja–Vilcabamba–Zamora de febrero.",
    ),
    ("lucia.valdivieso", "Great idea! I can host groups of up to 8 in Vilcabamba. Breakfast included."),
    (
        "andrea.samaniego",
        "Yo me encargo del aviturismo en Podocarpus: salida a las 6:00, máximo 6 personas por guía.",
    ),
    ("jorge.carrion", "En la hostería tenemos 5 habitaciones dobles libres del 10 al 20 de febrero."),
    (
        "silvia.aguirre",
        "Propongo este orden:\n\n1. Llegada a Loja\n2. Dos noches en Vilcabamba\n3. Un día en Zamora",
    ),
)

NETWORK_NAME = "Red de Mujeres Empresarias Ecuador–Colombia"
NETWORK: Lines = (
    (
        "carmen.cango",
        "Compañeras: la cámara nos invita a la feria de marzo. ¿Quiénes quieren compartir puesto?",
    ),
    ("mercedes.zhunio", "Desde Flor del Sígsig nos apuntamos con sombreros de paja toquilla."),
)

DIRECT_EN: Lines = (
    (
        "daniel.whitfield",
        "Hi Lucía, our programme is collecting good practices on online bookings for small lodges.",
    ),
    (
        "lucia.valdivieso",
        "Happy to help! Our bookings went from 20% to 60% online after the training last year.",
    ),
    ("daniel.whitfield", "That is exactly the kind of result we need. Could you post it in the library?"),
)

REQUEST: Lines = (
    (
        "emma.clarke",
        "Hello Mercedes, I saw your cooperative's hats in the showcase. Do you export to Colombia?",
    ),
)


def _user(key: str) -> User:
    user = User.objects.filter(email__iexact=f"{key}@{data.EMAIL_DOMAIN}").first()
    if user is None:
        raise CommandError(f"Demo member {key} is missing: run load_demo first.")
    return user


class Command(BaseCommand):
    help = "Load demo conversations (direct, group, network, a message request) in Spanish and English."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even though DATABASE_URL is set.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError("DATABASE_URL is set, so this looks like a real deployment; pass --force.")
        created = 0
        # The demo writes many messages at once: the per-member send limit is for people, not loaders.
        with override_settings(MESSAGING_SEND_RATE="100000/1s"):
            created += self._say(
                services.direct_open(user=_user("carmen.cango"), other=_user("claudia.rueda")), DIRECT_ES, 3
            )
            group = Conversation.objects.filter(
                kind="group", title=GROUP_TITLE
            ).first() or services.group_create(
                creator=_user("silvia.aguirre"), title=GROUP_TITLE, members=[_user(k) for k in GROUP_MEMBERS]
            )
            created += self._say(group, GROUP, 2)
            network = Network.objects.filter(name=NETWORK_NAME).first()
            if network is None:
                raise CommandError("The demo networks are missing: run load_demo_networks first.")
            created += self._say(services.network_conversation_ensure(network=network), NETWORK, 1)
            created += self._say(
                services.direct_open(user=_user("daniel.whitfield"), other=_user("lucia.valdivieso")),
                DIRECT_EN,
                5,
            )
            created += self._say(
                services.direct_open(user=_user("emma.clarke"), other=_user("mercedes.zhunio")), REQUEST, 0.5
            )
        self.stdout.write(f"Demo conversations: {created} messages created.")

    def _say(self, conversation: Conversation, lines: Lines, days_ago: float) -> int:
        if conversation.messages.exists():
            return 0
        start = timezone.now() - timedelta(days=days_ago)
        for minute, (key, text) in enumerate(lines):
            message, _created = services.message_send(conversation=conversation, author=_user(key), body=text)
            # Backdated with an update (not a service): created_at is set by the database on insert,
            # and the demo should read as a conversation that happened over the past days.
            Message.objects.filter(pk=message.pk).update(created_at=start + timedelta(minutes=7 * minute))
        return len(lines)
