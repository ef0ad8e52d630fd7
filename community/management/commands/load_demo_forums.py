"""load_demo_forums: bilingual demo forums on top of load_demo's members and load_demo_networks' networks.

Site-wide categories moderated by chamber staff and experts, conversations between training institutes,
chambers and women entrepreneurs (Q&A with accepted answers, a training-needs poll, reactions, mentions,
a flagged post), and a few topics in the networks' own categories. Everything is written through the
forum services; safe to run again: categories are found by slug and topics by title within their category.
"""

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from community.accounts.models import User
from community.management.commands import _demo_data as data
from community.management.commands.load_demo import DEMO_PASSWORD
from forums.models import Access, Category, Flag, FlagReason, PollVote, Post, Reaction, ReactionKind, Topic
from forums.services import categories as category_services
from forums.services import moderation, polls, posting, subscriptions

# --------------------------------------------------------------------------------------------- the content


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    position: int
    moderators: tuple[str, ...]  # member keys (see _demo_data); they also watch the category
    watchers: tuple[str, ...] = ()
    is_qa: bool = False
    read_access: str = Access.EVERYONE
    start_access: str = Access.MEMBERS
    reply_access: str = Access.MEMBERS


@dataclass(frozen=True)
class Msg:
    """One post: its author, its Markdown, the reactions it gets, and whether it is the accepted answer."""

    author: str
    body: str
    likes: tuple[str, ...] = ()
    thanks: tuple[str, ...] = ()
    insightful: tuple[str, ...] = ()
    accepted: bool = False
    flagged_by: tuple[tuple[str, str, str], ...] = ()  # (reporter, reason, note)


@dataclass(frozen=True)
class PollSpec:
    question: str
    options: tuple[str, ...]
    votes: tuple[tuple[str, tuple[int, ...]], ...]  # (member, indexes of the options chosen)
    multiple: bool = True
    closes_in_days: int = 30


@dataclass(frozen=True)
class TopicSpec:
    title: str
    opening: Msg
    replies: tuple[Msg, ...]
    days_ago: float  # when the conversation started; the replies follow over the next hours or days
    category: str = ""  # the slug of a site-wide category…
    network: str = ""  # …or the name of the network whose own category holds the topic
    tags: tuple[str, ...] = ()
    pinned_by: str = ""
    locked_by: str = ""
    lock_reason: str = ""
    poll: PollSpec | None = None


def md(*blocks: str) -> str:
    """Paragraphs and lists joined as Markdown; each block is one paragraph or one list."""
    return "\n\n".join(blocks)


VIRTUAL = "formacion-virtual"
COMMUNITY_TOURISM = "turismo-comunitario"
SMALL_BUSINESS = "gestion-pequenas-empresas"
SURVEYS = "encuestas-necesidades-formacion"
COOPERATION = "international-cooperation"

TOOLBOX = "https://herramientas-mipyme.example.org/plantillas"

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        VIRTUAL,
        "Estrategias de formación virtual",
        "Para expertas y expertos de los institutos de formación profesional: buenas prácticas en el uso de "
        "las TIC para capacitar a MIPYMES, la guía metodológica, tutoría virtual, detección de necesidades "
        "y evaluación. Pregunta, responde y marca la respuesta que te sirvió.",
        1,
        moderators=("carlos.morales",),
        watchers=("ana.perez", "ximena.torres"),
        is_qa=True,
    ),
    CategorySpec(
        COMMUNITY_TOURISM,
        "Turismo comunitario",
        "Operadoras comunitarias, guías, alojamientos y artesanas del sur del Ecuador, del altiplano "
        "guatemalteco y de Santander: precios, reservas, formación de guías y experiencias que funcionan.",
        2,
        moderators=("silvia.aguirre", "claudia.rueda"),
    ),
    CategorySpec(
        SMALL_BUSINESS,
        "Gestión de pequeñas empresas",
        "Plan de negocio, flujo de caja, costos y marketing para micro y pequeñas empresas. Pregunta con "
        "confianza: aquí nadie nació sabiendo.",
        3,
        moderators=("claudia.rueda",),
        watchers=("santiago.idrovo",),
        is_qa=True,
    ),
    CategorySpec(
        SURVEYS,
        "Encuestas de necesidades de formación",
        "Las cámaras y los institutos preguntan qué capacitaciones necesitan las empresas. Todo el mundo "
        "puede leer, votar y comentar; las encuestas las abren las moderadoras.",
        4,
        moderators=("claudia.rueda", "silvia.aguirre"),
        watchers=("ana.perez",),
        start_access=Access.MODERATORS,
    ),
    CategorySpec(
        COOPERATION,
        "International cooperation",
        "For agencies, NGOs and programmes supporting small businesses in the Andes and Central America: "
        "funding, indicators, partnerships and lessons learned. English or Spanish, as you prefer.",
        5,
        moderators=("daniel.whitfield",),
        watchers=("emma.clarke",),
    ),
)

WELCOME_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "Bienvenida: cómo aprovechar este espacio de preguntas y respuestas",
        Msg(
            "carlos.morales",
            md(
                "¡Bienvenidas y bienvenidos a **Estrategias de formación virtual**!",
                "Este espacio continúa la comunidad virtual de institutos de formación profesional que "
                "empezamos para **compartir buenas prácticas** en la formación de MIPYMES con TIC. Algunas "
                "ideas para que funcione:",
                "- **Pregunta con contexto**: qué institución, qué conglomerado o sector, qué ya "
                "probaron.\n"
                "- Cuando una respuesta te sirva, **márcala como aceptada**: así la encuentra quien venga "
                "después.\n"
                "- Si compartes un documento, pon el enlace y un resumen de dos o tres líneas.\n"
                "- Escribe en español o en inglés, como te resulte más cómodo.",
                "Para empezar, aquí está la [guía metodológica para diseñar estrategias de formación "
                "basadas en TIC](https://guia-tic.example.org/guia-metodologica) que preparamos con los "
                "equipos de cada institución.",
            ),
            likes=("ana.perez", "ximena.torres", "jairo.ardila"),
        ),
        (
            Msg(
                "ximena.torres",
                "Gracias, Carlos. Soy docente de marketing digital en el Instituto Tecnológico Superior de "
                "Turismo del Sur, en Loja, y tutora virtual. Me interesa mucho cómo evalúan el aprendizaje "
                "en los cursos en línea para gerentes de hoteles pequeños.",
                likes=("carlos.morales",),
            ),
            Msg(
                "jairo.ardila",
                "Saludos desde Bucaramanga. En el Instituto de Formación Técnica del Oriente diseñamos "
                "programas cortos con los clústeres; vengo a aprender de la experiencia de Guatemala y a "
                "contar la nuestra.",
                likes=("carlos.morales", "ana.perez"),
            ),
            Msg(
                "lesbia.orellana",
                "¡Qué bueno tener este espacio! Doy el curso de marketing estratégico para pequeños "
                "hoteles; cuenten conmigo para compartir materiales.",
                likes=("carlos.morales",),
            ),
        ),
        days_ago=75,
        category=VIRTUAL,
        tags=("bienvenida",),
        pinned_by="carlos.morales",
    ),
    TopicSpec(
        "Bienvenidos al espacio de turismo comunitario: preséntense aquí",
        Msg(
            "silvia.aguirre",
            md(
                "Hola a todas y todos. Soy Silvia, coordino los clústeres de turismo y artesanías en la "
                "**Cámara de Comercio y Turismo del Sur**, y junto con @**Claudia Patricia Rueda** "
                "moderamos esta categoría.",
                "Para empezar, cuéntennos en una respuesta:",
                "1. Quiénes son y dónde trabajan.\n"
                "2. Qué ofrecen a los visitantes (convivencia, caminatas, talleres, comida…).\n"
                "3. Qué les gustaría aprender o resolver este año.",
                "Las normas son sencillas: respeto, nada de publicidad repetida y, si hablan de precios, "
                "digan en qué moneda.",
            ),
            likes=("claudia.rueda", "manuel.sarango"),
        ),
        (
            Msg(
                "manuel.sarango",
                "Alli puncha, ¡buenos días! Soy Manuel, guía de Kawsay Saraguro. Recibimos visitantes en "
                "las casas de las familias de Ñamarín: convivencia, caminata a la cascada Virgenpamba y "
                "taller de tejido. Este año queremos **formar guías jóvenes bilingües**.",
                likes=("silvia.aguirre", "sonia.tzoc"),
            ),
            Msg(
                "sonia.tzoc",
                "Saludos desde Xela. Soy instructora de turismo comunitario en el Centro de Capacitación "
                "Técnica de Occidente. Con gusto comparto lo que aprendimos formando operadores "
                "comunitarios del altiplano.",
                likes=("manuel.sarango", "silvia.aguirre"),
            ),
            Msg(
                "andrea.samaniego",
                "Hi everyone! I'm Andrea, a birding guide in Zamora. My Spanish is fine but I'll sometimes "
                "write in English, hope that's OK. We work with local guides like @**Wilmer Granda** around "
                "Podocarpus and would love to link up with community lodges in the Nangaritza valley.",
                likes=("silvia.aguirre", "wilmer.granda"),
            ),
            Msg(
                "wilmer.granda",
                "¡Presente! Guía nativo en Zamora. Cualquier consulta sobre los senderos de Bombuscaro, "
                "aquí estoy.",
                likes=("andrea.samaniego",),
            ),
        ),
        days_ago=70,
        category=COMMUNITY_TOURISM,
        tags=("bienvenida", "presentaciones"),
        pinned_by="silvia.aguirre",
    ),
    TopicSpec(
        "Bienvenida y normas de la categoría",
        Msg(
            "claudia.rueda",
            md(
                "Bienvenidas y bienvenidos a **Gestión de pequeñas empresas**. Aquí hablamos de lo que "
                "mantiene vivo un negocio: **costos, flujo de caja, plan de negocio, ventas y marketing**.",
                "Algunas normas:",
                "- Pregunta con ejemplos y números aproximados; no hace falta compartir datos privados.\n"
                "- Cuando una respuesta te resuelva la duda, márcala como **respuesta aceptada**.\n"
                "- Se pueden mencionar servicios de consultoría si ayudan a responder, pero no se vale "
                "publicidad sin pregunta de por medio.",
                f"Un recurso para empezar: las [plantillas de la caja de herramientas de gestión]({TOOLBOX}) "
                "(plan de negocio, flujo de caja y mercadeo), gratuitas.",
            ),
            likes=("santiago.idrovo", "karla.orozco", "maria.jaramillo"),
        ),
        (
            Msg(
                "santiago.idrovo",
                "Gracias, Claudia. Soy consultor en planes de negocio y flujo de caja en Cuenca; aquí "
                "estaré respondiendo lo que pueda.",
                likes=("claudia.rueda",),
            ),
            Msg(
                "karla.orozco",
                "Desde Guatemala: la Red de Herramientas MIPYME mantiene esas plantillas. Si encuentran un "
                "error o les falta algo, díganme y lo corregimos.",
                likes=("claudia.rueda", "santiago.idrovo"),
                thanks=("maria.jaramillo",),
            ),
        ),
        days_ago=68,
        category=SMALL_BUSINESS,
        tags=("bienvenida",),
        pinned_by="claudia.rueda",
    ),
    TopicSpec(
        "Cómo usamos las encuestas de necesidades de formación",
        Msg(
            "claudia.rueda",
            md(
                "Las cámaras y los institutos de formación necesitamos saber **qué capacitaciones les hacen "
                "falta de verdad** a las empresas antes de diseñar cursos. Por eso abrimos aquí encuestas "
                "cortas.",
                "- Cualquier miembro puede **votar y comentar**.\n"
                "- Solo las moderadoras abren encuestas, para que no se repitan.\n"
                "- Los resultados se comparten con los institutos (por ejemplo, con @**Ana Lucía Pérez** y "
                "@**Carlos Enrique Morales**), que los usan para armar la oferta del año.",
                "Si quieren proponer una encuesta, respondan a este tema con la pregunta y las opciones.",
            ),
            likes=("silvia.aguirre", "ana.perez"),
        ),
        (
            Msg(
                "ana.perez",
                "Gracias por la mención, Claudia. Con los pequeños hoteles, la encuesta nos sirvió para "
                "preparar el **taller participativo**: llegamos con datos y la conversación fue mucho más "
                "concreta.",
                likes=("claudia.rueda", "carlos.morales"),
            ),
            Msg(
                "byron.mendez",
                "Propuesta de encuesta: ¿en qué horario prefieren capacitarse? Mañanas entre semana, "
                "noches, sábados o en línea a su ritmo. En el occidente casi todos trabajan los fines de "
                "semana.",
                likes=("silvia.aguirre", "claudia.rueda"),
            ),
        ),
        days_ago=66,
        category=SURVEYS,
        tags=("bienvenida",),
        pinned_by="claudia.rueda",
    ),
    TopicSpec(
        "Welcome: what this space is for",
        Msg(
            "daniel.whitfield",
            md(
                "Welcome to **International cooperation**, a space for agencies, NGOs and programmes that "
                "support small businesses in the Andes and Central America.",
                "Good topics for this category:",
                "- calls for proposals and co-funding opportunities;\n"
                "- **indicators**, and how to measure results without burying small firms in paperwork;\n"
                "- partnerships between chambers, training institutes and business-development services;\n"
                "- lessons learned, including what did *not* work.",
                "Write in English or Spanish, whichever you prefer: most members read both.",
            ),
            likes=("emma.clarke", "laura.benitez"),
        ),
        (
            Msg(
                "emma.clarke",
                "Thanks, Daniel! Emma here, country director of Pathways for Women Entrepreneurs in Bogotá. "
                "We coach women-led businesses for export and trade fairs, and I'm happy to share our "
                "monitoring templates.",
                likes=("daniel.whitfield", "laura.benitez"),
            ),
            Msg(
                "laura.benitez",
                "Hola a todos. I'm a programme officer working with the business networks in Ecuador and "
                "Colombia, so I'll post in both languages. Glad to have a place to compare notes.",
                likes=("daniel.whitfield",),
            ),
        ),
        days_ago=64,
        category=COOPERATION,
        tags=("welcome",),
        pinned_by="daniel.whitfield",
    ),
)

SITE_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "¿Cómo detectar necesidades de formación con un taller participativo?",
        Msg(
            "jairo.ardila",
            md(
                "Estamos por diseñar un programa corto para el **clúster de turismo de naturaleza** de "
                "Santander y no queremos repetir el error de armar el curso desde la oficina.",
                "Preguntas concretas:",
                "1. ¿Cómo convocan a las empresas al taller sin que parezca una reunión más?\n"
                "2. ¿Cuánto dura el taller y quién lo facilita?\n"
                "3. ¿Cómo deciden qué necesidades atender primero?",
                "@**Carlos Enrique Morales**, sé que en Guatemala lo hicieron con los pequeños hoteles; "
                "¿nos cuentas?",
            ),
            likes=("diana.arenas", "claudia.rueda"),
        ),
        (
            Msg(
                "carlos.morales",
                md(
                    "Con gusto, Jairo. Lo que nos funcionó con el conglomerado de pequeños hoteles:",
                    "1. **Elegir el conglomerado con la contraparte pública.** Lo seleccionamos con el "
                    "viceministerio de la MIPYME, con criterios claros: peso del turismo en la economía, "
                    "empleo que genera y que el sector sea sobre todo de micro y pequeñas empresas.\n"
                    "2. **Tener una contraparte gremial.** La asociación de pequeños hoteles convocó: la "
                    "gente llega porque se lo pide su gremio, no el instituto.\n"
                    "3. **Un taller participativo de medio día**, facilitado por nuestro equipo y la "
                    "asociación, con tarjetas y priorización por votos.\n"
                    "4. **Dar prioridad a lo que se puede resolver con TIC** y definir las estrategias "
                    "*con* el conglomerado, no para él.",
                    "El primer resultado fue un curso de **marketing estratégico para gerentes**, en "
                    "noviembre y diciembre. Lo más importante: el éxito depende del compromiso de la "
                    "contraparte; si el gremio no se involucra, no hay taller que lo salve.",
                ),
                thanks=("jairo.ardila",),
                insightful=("jairo.ardila", "ana.perez", "diana.arenas", "ximena.torres"),
                accepted=True,
            ),
            Msg(
                "juan.cifuentes",
                "Lo confirmo desde el lado del gremio: a los hoteleros nos convenció que el taller empezara "
                "por **nuestros problemas** (temporada baja, reservas por internet, personal que rota) y no "
                "por un catálogo de cursos. Y que el horario respetara los turnos.",
                likes=("carlos.morales", "jairo.ardila"),
            ),
            Msg(
                "ana.perez",
                "Un detalle práctico: antes del taller hagan una **encuesta corta**, de cinco preguntas "
                "como máximo. Se llega con datos y el taller se dedica a priorizar, no a hacer listas. Hay "
                "un ejemplo en la categoría de encuestas de necesidades de formación.",
                likes=("jairo.ardila", "claudia.rueda"),
            ),
            Msg(
                "jairo.ardila",
                "Muchísimas gracias a los tres. Vamos a pedirle a la cámara que convoque y a probar la "
                "encuesta previa. Les cuento cómo nos va.",
                likes=("claudia.rueda",),
            ),
        ),
        days_ago=40,
        category=VIRTUAL,
        tags=("necesidades de formación", "taller participativo", "clústeres"),
    ),
    TopicSpec(
        "¿Alguien ha adaptado la guía metodológica de formación basada en TIC a cursos cortos?",
        Msg(
            "marcelo.vintimilla",
            md(
                "En el Centro de Formación Continua del Austro tenemos cursos de 20 horas para gerentes de "
                "MIPYMES turísticas (correo, redes y reservas en línea). La **guía metodológica** para "
                "diseñar estrategias de formación basadas en TIC está pensada para programas más largos.",
                "¿Alguien la ha aplicado a cursos cortos? ¿Qué pasos se pueden simplificar sin perder lo "
                "esencial?",
            ),
            likes=("ximena.torres",),
        ),
        (
            Msg(
                "ximena.torres",
                "Nosotros la usamos para el curso de marketing digital de 40 horas. Lo que **no** "
                "simplificaría es el diagnóstico: aunque sea corto, hay que saber desde dónde parte cada "
                "participante.",
                likes=("marcelo.vintimilla",),
            ),
            Msg(
                "ana.perez",
                md(
                    "Sí, en el instituto la adaptamos. Resumido, queda así:",
                    "- **Diagnóstico** (se mantiene): encuesta previa y una conversación con el gremio.\n"
                    "- **Estrategia** (se simplifica): en lugar de un plan por conglomerado, una ficha de "
                    "una página con objetivo, público, modalidad y evaluación.\n"
                    "- **Nivelación en TIC** (se mantiene): si no saben usar el correo o la plataforma, el "
                    "curso fracasa en la primera semana.\n"
                    "- **Evaluación** (se simplifica): encuesta de satisfacción al cierre y una llamada de "
                    "seguimiento a los tres meses.",
                    "Les comparto nuestra [ficha de estrategia de una "
                    "página](https://intefop.example.org/recursos/ficha-estrategia) por si les sirve de "
                    "punto de partida.",
                ),
                thanks=("marcelo.vintimilla",),
                insightful=("marcelo.vintimilla", "ximena.torres", "carlos.morales"),
                accepted=True,
            ),
            Msg(
                "carlos.morales",
                "Coincido con Ana Lucía. Y un aprendizaje de la guía que vale para cualquier duración: "
                "**las estrategias se definen con el conglomerado**. Un curso corto bien conversado con el "
                "gremio rinde más que uno largo diseñado a solas.",
                likes=("ana.perez", "marcelo.vintimilla"),
            ),
            Msg(
                "diana.arenas",
                "En Bucaramanga hacemos algo parecido con el curso virtual de costos: la nivelación son dos "
                "sesiones de una hora en laboratorio antes de abrir la plataforma.",
                likes=("cecilia.crespo",),
            ),
            Msg(
                "marcelo.vintimilla",
                "Justo lo que necesitaba. Probamos la ficha en la cohorte de marzo y les cuento.",
            ),
        ),
        days_ago=28,
        category=VIRTUAL,
        tags=("guía metodológica", "TIC", "diseño instruccional"),
    ),
    TopicSpec(
        "Encuestas de satisfacción en cursos virtuales: ¿miden algo más que la satisfacción?",
        Msg(
            "ximena.torres",
            md(
                "En nuestros cursos en línea la satisfacción siempre sale altísima, por encima del 95 %. "
                "Está bien, pero **no nos dice si las empresas venden más** o atienden mejor después del "
                "curso.",
                "¿Qué preguntas agregan ustedes? ¿Hacen seguimiento a los tres o seis meses?",
            ),
            likes=("lesbia.orellana", "cecilia.crespo"),
        ),
        (
            Msg(
                "lesbia.orellana",
                md(
                    "Nos pasó igual: en el curso de marketing estratégico el **98,9 %** dijo estar "
                    "satisfecho. Después agregamos dos preguntas de aplicación:",
                    "- ¿Qué cambiaste en tu negocio a partir del curso?\n"
                    "- ¿Qué te impidió aplicar lo aprendido?",
                    "La segunda es la más útil para rediseñar.",
                ),
                likes=("ximena.torres",),
                insightful=("carlos.morales", "jairo.ardila"),
            ),
            Msg(
                "cecilia.crespo",
                "Nosotros llamamos por teléfono a una muestra de participantes a los tres meses. Cuesta "
                "tiempo, pero así supimos que muchos usaban el correo para cotizar y casi nadie las "
                "reservas en línea.",
                likes=("ximena.torres",),
            ),
            Msg(
                "daniel.whitfield",
                "From the funders' side: we'd love to see this kind of follow-up. Even a simple *before and "
                "after* on two or three business practices is more convincing than satisfaction rates.",
                likes=("ximena.torres", "lesbia.orellana"),
            ),
        ),
        days_ago=9,
        category=VIRTUAL,
        tags=("evaluación", "encuestas de satisfacción", "formación virtual"),
    ),
    TopicSpec(
        "¿Vale la pena una plataforma de reservas común para el destino?",
        Msg(
            "ramiro.cueva",
            md(
                "Desde la agencia estamos evaluando financiar una **plataforma en línea común** para los "
                "alojamientos, restaurantes, operadoras y artesanas de la región sur. No sería la primera: "
                "hace años hubo un portal con 47 MIPYMES y se capacitó a 187 personas, entre estudiantes y "
                "gerentes, en el uso del correo y la promoción en internet.",
                "Lo que aprendimos entonces:",
                "- La capacitación sí dejó capacidades: mucha gente sigue usando el correo y las redes para "
                "vender.\n"
                "- Fue **difícil medir** cuánto aumentaron los ingresos de cada negocio.\n"
                "- Sin una **alianza público-privada** estable, una plataforma de reservas del destino no "
                "se sostiene.",
                "¿Qué opinan quienes trabajan en el terreno? ¿Plataforma propia, o mejor acompañar a cada "
                "negocio en los canales que ya usan los turistas?",
            ),
            likes=("silvia.aguirre", "eduardo.burneo"),
        ),
        (
            Msg(
                "manuel.sarango",
                "Desde la comunidad: la mayoría de nuestras reservas llegan por **WhatsApp** o por las "
                "operadoras de Cuenca. Una plataforma nos serviría si alguien la mantiene al día; en "
                "Ñamarín no tenemos internet estable.",
                likes=("ramiro.cueva", "sonia.tzoc"),
            ),
            Msg(
                "lucia.valdivieso",
                "Speaking for a small guesthouse: most of my bookings come through the big platforms, and "
                "their commission hurts. A regional site would help if it sends guests who then book "
                "**directly** with us. But please, no extra calendar to keep in sync by hand!",
                likes=("jorge.carrion", "hernan.riofrio"),
                insightful=("ramiro.cueva",),
            ),
            Msg(
                "cecilia.crespo",
                "Fui capacitadora en ese proyecto. Lo que mejor funcionó fue formar a **jóvenes de las "
                "familias** para que suban fotos, respondan correos y mantengan la información. Si se hace "
                "de nuevo, yo empezaría por ahí antes que por la tecnología.",
                likes=("manuel.sarango", "ramiro.cueva", "fernando.celi"),
                insightful=("silvia.aguirre",),
            ),
            Msg(
                "eduardo.burneo",
                "La cámara está dispuesta a sentarse con la agencia y el municipio. La condición es que la "
                "plataforma sea del **destino** y no de un proveedor, y que haya presupuesto para "
                "mantenerla al menos tres años.",
                likes=("ramiro.cueva",),
            ),
            Msg(
                "ramiro.cueva",
                "Gracias a todos. Me llevo tres cosas: formar personas primero, nada de calendarios "
                "duplicados y un acuerdo de tres años con la cámara. @**Silvia Aguirre**, ¿lo llevamos a la "
                "próxima mesa del clúster?",
                likes=("silvia.aguirre",),
            ),
            Msg("silvia.aguirre", "Sí, lo pongo en el orden del día."),
        ),
        days_ago=33,
        category=COMMUNITY_TOURISM,
        tags=("reservas en línea", "alianza público-privada", "región sur"),
    ),
    TopicSpec(
        "¿Cómo calculan el precio de una noche de convivencia con una familia?",
        Msg(
            "manuel.sarango",
            md(
                "Cobramos entre 35 y 45 dólares por persona la noche de convivencia (cena, desayuno y "
                "participación en las tareas del campo). Las familias sienten que **no alcanza** cuando se "
                "cuentan las horas de trabajo, y las operadoras dicen que es caro.",
                "¿Cómo arman ustedes el precio? ¿Qué parte va a la familia y cuánto al fondo comunitario?",
            ),
            likes=("carmen.cango", "sonia.tzoc"),
        ),
        (
            Msg(
                "sonia.tzoc",
                md(
                    "En el altiplano usamos una tabla sencilla con las familias:",
                    "- **Costos directos**: comida, gas, lavado de sábanas.\n"
                    "- **Horas de trabajo** de la familia, pagadas al menos al salario mínimo.\n"
                    "- **Fondo comunitario**: 10 % para mantener senderos y el salón.\n"
                    "- **Comisión de la operadora**: entre 15 y 20 %, ya incluida en el precio.",
                    "Cuando las familias hicieron la cuenta ellas mismas, entendieron el precio y lo "
                    "defendieron mejor.",
                ),
                likes=("manuel.sarango", "carmen.cango"),
                insightful=("silvia.aguirre", "byron.mendez"),
            ),
            Msg(
                "santiago.idrovo",
                "Ojo con un costo que casi siempre se olvida: la **depreciación** (colchones, cobijas, "
                "vajilla). Si no se aparta algo cada mes, a los tres años hay que pedir un préstamo para "
                "cambiarlo todo. Si quieren, hacemos juntos una hoja de cálculo.",
                likes=("manuel.sarango",),
                thanks=("manuel.sarango",),
            ),
            Msg(
                "jorge.carrion",
                "Desde el lado del alojamiento: no bajen el precio para competir con los hostales. Lo que "
                "ustedes ofrecen es otra cosa, y el turista que la busca paga por ella.",
                likes=("manuel.sarango", "lucia.valdivieso"),
            ),
            Msg(
                "manuel.sarango",
                "Gracias, Sonia y Santiago. Haremos la tabla con las familias en la asamblea del mes. "
                "@**Santiago Idrovo**, le tomo la palabra con la hoja de cálculo.",
                likes=("santiago.idrovo",),
            ),
        ),
        days_ago=14,
        category=COMMUNITY_TOURISM,
        tags=("precios", "convivencia", "turismo comunitario"),
    ),
    TopicSpec(
        "¿Cómo hago un flujo de caja sencillo para la temporada baja?",
        Msg(
            "maria.jaramillo",
            md(
                "Tengo un restaurante de comida típica en Loja. En **febrero y marzo** bajan mucho las "
                "ventas y siempre me quedo corta para pagar a los proveedores y los sueldos.",
                "Llevo las ventas en un cuaderno. ¿Cómo paso eso a un flujo de caja que me ayude a prever "
                "esos meses? No soy contadora 🙂",
            ),
            likes=("gabriela.maldonado",),
        ),
        (
            Msg(
                "santiago.idrovo",
                md(
                    "Buena pregunta, María Fernanda. Con tu cuaderno ya tienes lo más difícil. Te propongo:",
                    "1. Una hoja con **doce columnas, una por mes**.\n"
                    "2. Arriba, las **entradas**: almuerzos, tamales por encargo, catering. Usa las del año "
                    "pasado como referencia.\n"
                    "3. Abajo, las **salidas**: proveedores, sueldos, arriendo, servicios, cuotas del "
                    "préstamo.\n"
                    "4. La última fila es el **saldo**: lo que queda al final de cada mes y pasa al "
                    "siguiente.",
                    "Cuando la llenes vas a ver en qué mes el saldo se vuelve negativo. Con eso puedes "
                    "**ahorrar en los meses buenos** o negociar con los proveedores un plazo mayor solo "
                    "para febrero y marzo.",
                    "Hay una plantilla lista en la "
                    f"[caja de herramientas de gestión]({TOOLBOX}/flujo-de-caja).",
                ),
                likes=("claudia.rueda",),
                thanks=("maria.jaramillo",),
                insightful=("gabriela.maldonado", "veronica.espinoza"),
                accepted=True,
            ),
            Msg(
                "mercedes.zhunio",
                "Yo llevo las cuentas de la cooperativa y hago exactamente eso. Un consejo: anota también "
                "los gastos pequeños, como el gas o el transporte; **son los que se escapan**.",
                likes=("maria.jaramillo", "rosa.quizhpe"),
            ),
            Msg(
                "karla.orozco",
                "La plantilla que menciona @**Santiago Idrovo** tiene una pestaña de ejemplo para "
                "restaurantes. Si no tienes computadora, también se puede llenar desde el celular.",
                likes=("maria.jaramillo",),
            ),
            Msg(
                "gabriela.maldonado",
                "Me pasa lo mismo en Zamora en la temporada de lluvias. Voy a probar la plantilla también.",
            ),
            Msg(
                "maria.jaramillo",
                "¡Gracias! Ya lo hice con los números del año pasado: en marzo me faltan unos 400 dólares. "
                "Ahora sé cuánto guardar en diciembre.",
                likes=("santiago.idrovo", "mercedes.zhunio", "claudia.rueda"),
            ),
        ),
        days_ago=21,
        category=SMALL_BUSINESS,
        tags=("flujo de caja", "temporada baja", "restaurantes"),
    ),
    TopicSpec(
        "Marketing digital con poco presupuesto: ¿qué les ha funcionado?",
        Msg(
            "veronica.espinoza",
            md(
                "En la cafetería tenemos Instagram y Facebook, pero publicamos cuando podemos y no sé si "
                "sirve. El presupuesto para publicidad es casi cero.",
                "¿Qué les ha funcionado? Me interesan cosas **concretas**: cada cuánto publican, qué tipo "
                "de fotos, si pagan anuncios.",
            ),
            likes=("hernan.riofrio", "mayra.cumes"),
        ),
        (
            Msg(
                "ximena.torres",
                md(
                    "Tres cosas que recomiendo en el curso:",
                    "- Una **ficha de Google Maps** completa y con fotos: es gratis y es por donde llega el "
                    "turista que camina por el Barranco.\n"
                    "- **Dos publicaciones por semana** bien hechas valen más que una diaria apurada.\n"
                    "- Responde **todas** las reseñas, también las malas, con calma.",
                ),
                likes=("veronica.espinoza", "hernan.riofrio"),
                insightful=("cecilia.crespo",),
            ),
            Msg(
                "mayra.cumes",
                "Para las fotos: luz de ventana, fondo sencillo y el producto en uso. Nosotras "
                "fotografiamos los tejidos puestos, no doblados, y se notó en las ventas. Todo con el "
                "celular.",
                likes=("veronica.espinoza", "rosa.chumil"),
            ),
            Msg(
                "maria.castillo",
                "Same experience at our guesthouse in Antigua: **reviews** brought more guests than any ad "
                "we paid for. We print a small card with a QR code for leaving a review and hand it out at "
                "checkout.",
                likes=("veronica.espinoza", "lucia.valdivieso"),
            ),
            Msg(
                "felipe.cardenas",
                "¡Hola! En Agencia Digital Colibrí manejamos tus redes desde 600.000 pesos al mes. "
                "Escríbeme por WhatsApp y te hago descuento 😉",
                flagged_by=(
                    (
                        "veronica.espinoza",
                        FlagReason.OFF_TOPIC,
                        "Es publicidad: no responde a la pregunta.",
                    ),
                ),
            ),
            Msg(
                "veronica.espinoza",
                "Gracias a todas. Empiezo esta misma semana por la ficha de Google Maps y la tarjeta para "
                "reseñas.",
                likes=("ximena.torres", "maria.castillo"),
            ),
        ),
        days_ago=6,
        category=SMALL_BUSINESS,
        tags=("marketing digital", "redes sociales"),
    ),
    TopicSpec(
        "Taller de formalización empresarial: inscripciones para la cohorte de agosto",
        Msg(
            "natalia.cadena",
            md(
                "La cámara abre inscripciones para el **taller de formalización empresarial** (cuatro "
                "horas, presencial en Bucaramanga). Veremos:",
                "- registro mercantil y RUT;\n"
                "- facturación electrónica;\n"
                "- afiliación de los empleados a la seguridad social.",
                "Los cupos son limitados; inscríbanse respondiendo a este tema o en la [página del "
                "taller](https://cc-oriente-andino.example.org/formalizacion).",
            ),
        ),
        (
            Msg(
                "william.rojas",
                "Me inscribo; somos dos del taller de calzado. ¿Hay que llevar el RUT impreso?",
            ),
            Msg(
                "natalia.cadena",
                "Listo, William. No hace falta imprimirlo: basta con tenerlo en el celular.",
                likes=("william.rojas",),
            ),
            Msg("juan.gomez", "¿Habrá otra cohorte? En agosto no puedo."),
            Msg(
                "natalia.cadena",
                "Sí, el taller se repite cada mes; anunciamos las fechas nuevas en esta categoría.",
                likes=("juan.gomez",),
            ),
        ),
        days_ago=240,
        category=SMALL_BUSINESS,
        tags=("formalización", "talleres"),
        locked_by="claudia.rueda",
        lock_reason="La convocatoria de agosto cerró; las fechas nuevas se anuncian en un tema nuevo.",
    ),
    TopicSpec(
        "¿Qué capacitaciones necesita tu empresa este año?",
        Msg(
            "claudia.rueda",
            md(
                "Con los institutos de formación estamos armando la **oferta de capacitación del año** para "
                "las MIPYMES de turismo y artesanías. Antes de diseñar nada, queremos saber qué necesitan "
                "ustedes.",
                "Pueden marcar **varias opciones**. Si falta algo, díganlo en una respuesta: lo tendremos "
                "en cuenta igual.",
                "La encuesta cierra en un mes; después publicamos aquí los resultados y los llevamos al "
                "taller de priorización con @**Ana Lucía Pérez** y el equipo de @**Ximena Torres**.",
            ),
            likes=("silvia.aguirre", "ana.perez", "ximena.torres"),
        ),
        (
            Msg(
                "carmen.cango",
                "Voté por marketing, comercio electrónico y fotografía. Las compradoras de afuera nos piden "
                "buenas fotos y pagar en línea, y ahí nos quedamos.",
                likes=("claudia.rueda", "mayra.cumes"),
            ),
            Msg(
                "jorge.carrion",
                "Para la hostería, **inglés para turismo** sin duda, pero para el personal de recepción y "
                "cocina, no solo para mí. ¿Se podría hacer por las tardes?",
                likes=("hernan.riofrio", "estefania.rios"),
            ),
            Msg(
                "lidia.caal",
                "¿Los cursos serían presenciales o en línea? En Cobán la señal es mala fuera del centro; si "
                "es en línea, que se pueda seguir desde el celular y sin gastar muchos datos.",
                likes=("claudia.rueda",),
                insightful=("ana.perez", "carlos.morales"),
            ),
            Msg(
                "claudia.rueda",
                "Muy buen punto, Lidia: todo curso en línea tendrá una versión **liviana para celular** y "
                "materiales descargables. Jorge, el horario lo preguntamos en la próxima encuesta.",
                likes=("lidia.caal", "jorge.carrion"),
            ),
        ),
        days_ago=12,
        category=SURVEYS,
        tags=("necesidades de formación", "encuesta"),
        poll=PollSpec(
            "¿Qué capacitaciones necesita tu empresa este año?",
            (
                "Marketing digital y redes sociales",
                "Contabilidad básica y flujo de caja",
                "Atención al turista",
                "Comercio electrónico y pagos en línea",
                "Inglés para turismo",
                "Fotografía de producto con el celular",
            ),
            (
                ("carmen.cango", (0, 3, 5)),
                ("maria.jaramillo", (1, 0)),
                ("jorge.carrion", (4, 2)),
                ("rolando.ordonez", (3, 1)),
                ("gabriela.maldonado", (1, 2)),
                ("lidia.caal", (0, 1)),
                ("domingo.xicara", (4, 0)),
                ("luz.pinzon", (4, 3)),
                ("ines.sanabria", (3, 0)),
                ("veronica.espinoza", (0, 5)),
                ("mayra.cumes", (3, 5)),
                ("tomas.chalan", (1,)),
                ("hernan.riofrio", (4, 2)),
                ("sandra.diaz", (0, 3)),
                ("rosa.chumil", (3, 4)),
            ),
        ),
    ),
    TopicSpec(
        "Measuring results of SME training: which indicators do you report?",
        Msg(
            "daniel.whitfield",
            md(
                "Our programme co-funds business clusters and women-led business networks in Ecuador and "
                "Colombia. The logframe targets sound simple (**26 clusters, 25 % of their SMEs led by "
                "women, 260 SMEs with higher productivity**), but measuring *productivity* in a "
                "micro-business is anything but.",
                "What do your organisations actually report? In particular:",
                "1. Which indicators can a small firm answer without a bookkeeper?\n"
                "2. How do you attribute a change to the training rather than to a good season?\n"
                "3. Do you share the results back with the businesses?",
            ),
            likes=("laura.benitez", "emma.clarke"),
        ),
        (
            Msg(
                "emma.clarke",
                "We dropped *productivity* for micro-businesses and track three things we can verify: **new "
                "buyers**, **sales at trade fairs**, and whether the owner keeps monthly accounts. Owners "
                "find the last one useful in itself.",
                likes=("daniel.whitfield", "laura.benitez"),
                insightful=("hector.barrios",),
            ),
            Msg(
                "hector.barrios",
                "Desde el programa nacional en Guatemala, algo que aprendimos con la red de cajas de "
                "herramientas: medir el **uso** es fácil (pasó de unas 6.000 a más de 24.000 consultas al "
                "mes en un año), pero eso no dice si la empresa mejoró. Combinamos los datos de uso con un "
                "seguimiento por muestra.",
                likes=("daniel.whitfield",),
                insightful=("emma.clarke",),
            ),
            Msg(
                "laura.benitez",
                "On attribution: we compare participating firms with firms on the chamber's waiting list. "
                "It's not a perfect control group, but it's cheap and the chambers already have the list.",
                likes=("daniel.whitfield", "emma.clarke"),
            ),
            Msg(
                "ramiro.cueva",
                "A lesson from an older e-tourism project in southern Ecuador: the training clearly built "
                "skills, but it was hard to measure how much it raised each business's income. Agreeing on "
                "**two or three indicators with the businesses at the start** would have saved us a lot of "
                "guessing.",
                likes=("daniel.whitfield", "laura.benitez"),
            ),
            Msg(
                "daniel.whitfield",
                "Very helpful, thank you all. I'll draft a one-page indicator sheet from this thread and "
                "share it here for comments. @**Emma Clarke**, may I borrow your three indicators?",
                likes=("emma.clarke",),
            ),
        ),
        days_ago=18,
        category=COOPERATION,
        tags=("indicators", "monitoring and evaluation", "clusters"),
    ),
)

NETWORK_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "Paquete Vilcabamba–Saraguro para julio: ¿quién se suma?",
        Msg(
            "silvia.aguirre",
            md(
                "Para julio y agosto queremos vender juntos el **paquete de tres días Vilcabamba–Saraguro** "
                "que Hostal Las Orquídeas ofreció en el tablero de la red. Necesitamos confirmar:",
                "- alojamiento en Vilcabamba (dos noches);\n"
                "- transporte Loja–Vilcabamba–Saraguro;\n"
                "- convivencia y taller de tejido en Saraguro;\n"
                "- almuerzo típico en Loja el día de llegada.",
                "Respondan con disponibilidad y precio para grupos de 8 a 12 personas antes del viernes.",
            ),
            likes=("eduardo.burneo",),
        ),
        (
            Msg(
                "lucia.valdivieso",
                "Las Orquídeas is in: we can hold **six double rooms** for the first two weekends of July. "
                "Group price is 38 USD per room with breakfast.",
                likes=("silvia.aguirre",),
            ),
            Msg(
                "luis.ochoa",
                "Transporte confirmado con una buseta de 28 pasajeros. Para 12 personas, el recorrido "
                "completo sale en 180 dólares el grupo.",
                likes=("silvia.aguirre",),
            ),
            Msg(
                "manuel.sarango",
                "Kawsay Saraguro recibe al grupo: convivencia en cuatro familias y taller de tejido con "
                "@**Carmen Cango** y las artesanas de Mullu Warmi.",
                likes=("carmen.cango", "silvia.aguirre"),
            ),
            Msg(
                "carmen.cango",
                "Con gusto. El taller de mullos dura tres horas; al final tendremos collares y aretes a la "
                "venta.",
                likes=("manuel.sarango", "lucia.valdivieso"),
            ),
            Msg(
                "maria.jaramillo",
                "Y el almuerzo lojano de llegada corre por cuenta de El Tamal Lojano. ¡Tamales para todos!",
                likes=("silvia.aguirre", "luis.ochoa"),
            ),
            Msg(
                "eduardo.burneo",
                "Excelente. La cámara presenta el paquete en la feria de operadoras de Cuenca el mes que "
                "viene.",
            ),
        ),
        days_ago=11,
        network="Clúster de Turismo de Loja",
        tags=("paquete", "temporada alta"),
    ),
    TopicSpec(
        "Feria binacional de emprendedoras en Bucaramanga: envíos desde Ecuador",
        Msg(
            "yolanda.villamizar",
            md(
                "Queridas empresarias: la **feria binacional** será en Bucaramanga y ya tenemos stand para "
                "las asociaciones de Ecuador. Lo que más nos preocupa es el envío de los productos.",
                "Preguntas para quienes ya mandaron mercadería a Colombia:",
                "1. ¿Transportadora o courier?\n2. ¿Qué documentos pidió la aduana?\n3. ¿Cuánto tardó?",
            ),
            likes=("carmen.cango", "nancy.guarnizo"),
        ),
        (
            Msg(
                "rosa.quizhpe",
                "Nosotras mandamos sombreros a Bogotá el año pasado por courier. Tardó ocho días y pidieron "
                "**factura comercial** y lista de empaque. Para cantidades pequeñas salió mejor que la "
                "transportadora.",
                likes=("yolanda.villamizar", "carmen.cango"),
            ),
            Msg(
                "mercedes.zhunio",
                "Lo que aprendimos: declaren el valor real y pongan la partida arancelaria en la factura. "
                "La primera vez no la pusimos y el paquete se quedó detenido una semana.",
                likes=("rosa.quizhpe",),
                insightful=("yolanda.villamizar", "nancy.guarnizo"),
            ),
            Msg(
                "carmen.cango",
                "Mullu Warmi lleva los treinta collares que nos encargó Yolanda. ¿Podemos mandarlos junto "
                "con los sombreros de Flor del Sígsig para ahorrar?",
                likes=("rosa.quizhpe",),
            ),
            Msg(
                "nancy.guarnizo",
                "Desde la fundación podemos **consolidar el envío** de todas las asociaciones del sur en "
                "Loja. Así se paga un solo courier y revisamos juntas los documentos.",
                likes=("yolanda.villamizar", "rosa.quizhpe"),
                thanks=("carmen.cango",),
            ),
            Msg(
                "ines.sanabria",
                "¡Las esperamos! En Vélez les guardamos bocadillos para el viaje de regreso 😄",
                likes=("carmen.cango", "luz.pinzon"),
            ),
        ),
        days_ago=16,
        network="Red de Mujeres Empresarias Ecuador–Colombia",
        tags=("feria", "exportación", "envíos"),
    ),
    TopicSpec(
        "Formación de formadores en tutoría virtual: armemos un curso entre institutos",
        Msg(
            "ximena.torres",
            md(
                "Varias instituciones de la red tenemos el mismo problema: docentes muy buenos en el aula "
                "que **no se sienten cómodos como tutores en línea**. Propongo armar entre todos un curso "
                "corto de formación de formadores:",
                "- **Módulo 1**: la plataforma y la comunicación escrita con adultos.\n"
                "- **Módulo 2**: foros, tareas y retroalimentación.\n"
                "- **Módulo 3**: acompañar a quien se atrasa o abandona.",
                "¿Quién puede aportar un módulo?",
            ),
            likes=("fernando.celi", "marcelo.vintimilla"),
        ),
        (
            Msg(
                "marcelo.vintimilla",
                "El Centro de Formación Continua del Austro se encarga del módulo 1: ya tenemos material "
                "del curso de correo, redes y reservas.",
                likes=("ximena.torres",),
            ),
            Msg(
                "jairo.ardila",
                "Nosotros tomamos el módulo 3. Tenemos datos de deserción de tres cohortes del curso "
                "virtual de costos, y de lo que hicimos para bajarla.",
                likes=("ximena.torres", "fernando.celi"),
                insightful=("marcelo.vintimilla",),
            ),
            Msg(
                "beatriz.giraldo",
                "En la escuela del Quindío todavía no tenemos cursos virtuales, pero nos gustaría inscribir "
                "a cuatro docentes como participantes.",
                likes=("ximena.torres",),
            ),
            Msg(
                "fernando.celi",
                "El instituto pone la plataforma y certifica. Ximena, ¿armamos el cronograma para la "
                "próxima reunión de la red?",
                likes=("ximena.torres",),
            ),
        ),
        days_ago=20,
        network="Red de Institutos Técnicos Andinos",
        tags=("formación de formadores", "tutoría virtual"),
    ),
    TopicSpec(
        "Paquete Barichara–San Gil para las vacaciones de mitad de año",
        Msg(
            "oscar.serrano",
            md(
                "Para junio y julio queremos ofrecer un **paquete de fin de semana** entre los miembros del "
                "clúster:",
                "- sábado: rafting en el río Fonce y noche en Barichara;\n"
                "- domingo: caminata por el Camino Real a Guane y almuerzo santandereano.",
                "Necesitamos precios de grupo y una persona de contacto por empresa.",
            ),
            likes=("claudia.rueda",),
        ),
        (
            Msg(
                "andres.quintero",
                "Aventura Chicamocha se suma. Para grupos de diez o más, el rafting queda en 65.000 pesos "
                "por persona con transporte desde Barichara.",
                likes=("oscar.serrano",),
            ),
            Msg(
                "luz.pinzon",
                "Casa Guane tiene cinco habitaciones para esos fines de semana. Yo misma guío la caminata a "
                "Guane si el grupo sale a las 7:00, antes del calor.",
                likes=("oscar.serrano", "andres.quintero"),
            ),
            Msg(
                "beatriz.giraldo",
                "Podemos mandar dos pasantes de cocina de la escuela para reforzar el almuerzo si hay "
                "grupos grandes.",
                likes=("luz.pinzon",),
            ),
            Msg(
                "claudia.rueda",
                "Muy bien. La cámara diseña la pieza de promoción; mándenme fotos recientes antes del 15.",
                likes=("oscar.serrano",),
            ),
        ),
        days_ago=8,
        network="Clúster de Turismo de Santander",
        tags=("paquete", "temporada alta", "Santander"),
    ),
)

TOPICS: tuple[TopicSpec, ...] = WELCOME_TOPICS + SITE_TOPICS + NETWORK_TOPICS

# Printed at the end: who to sign in as to see the moderators' side.
MODERATOR_LOGIN = "claudia.rueda"

# ------------------------------------------------------------------------------------------------ the command


class Command(BaseCommand):
    help = "Load demo forums: categories, topics, replies, a poll, reactions (run load_demo_networks first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even though DATABASE_URL is set.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not options["force"]:
            raise CommandError(
                "DATABASE_URL is set, so this looks like a real deployment: load_demo_forums would post "
                "demo content. Run it on a local database, or pass --force if you mean it."
            )
        loader = ForumLoader()
        # The demo members joined seconds ago: without FORUM_NEW_ACCOUNT_HOURS=0 the new-account limits
        # (three topics a day, two links a post) would stop them. E-mails go to a mailbox nobody reads.
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", FORUM_NEW_ACCOUNT_HOURS=0
            ),
            _quiet("forums.events"),
        ):
            loader.load()
        made = ", ".join(f"{n} {what}" for what, n in loader.created.items()) or "nothing, it was all there"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo forums loaded (created now: {made}): {Category.objects.count()} categories, "
                f"{Topic.objects.count()} topics, {Post.objects.count()} posts; sign in as "
                f"{MODERATOR_LOGIN}@{data.EMAIL_DOMAIN} (a moderator) with password {DEMO_PASSWORD}."
            )
        )


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep the per-post log lines of the live events out of the command's output."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class ForumLoader:
    """Creates what is missing, through the forum services, and counts what it created."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.users: dict[str, User] = {
            user.email.split("@")[0].lower(): user
            for user in User.objects.filter(email__iendswith=f"@{data.EMAIL_DOMAIN}")
        }
        self.categories: dict[str, Category] = {}

    def load(self) -> None:
        if data.STAFF not in self.users:
            raise CommandError("Run load_demo and load_demo_networks first: the forums need their members.")
        network_names = {spec.network for spec in NETWORK_TOPICS}
        found = Category.objects.filter(network__name__in=network_names).select_related("network")
        for category in found:
            assert category.network is not None  # noqa: S101 - filtered on the network above
            self.categories[category.network.name] = category
        if len(self.categories) < len(network_names):
            raise CommandError("Run load_demo_networks first: some topics go in the networks' categories.")
        for spec in CATEGORIES:
            self.categories[spec.slug] = self._category(spec)
        for topic_spec in TOPICS:
            self._topic(topic_spec)

    def _category(self, spec: CategorySpec) -> Category:
        staff = self.users[data.STAFF]
        category = Category.objects.filter(slug=spec.slug).first()
        if category is None:
            category = category_services.category_create(
                name=spec.name,
                slug=spec.slug,
                description=spec.description,
                position=spec.position,
                read_access=spec.read_access,
                start_access=spec.start_access,
                reply_access=spec.reply_access,
                is_qa=spec.is_qa,
                actor=staff,
            )
            self.created["categories"] += 1
            # Watching is set once, with the category: a member who stops watching it stays unsubscribed.
            for key in (*spec.moderators, *spec.watchers):
                subscriptions.category_watch(user=self.users[key], category=category)
        moderating = set(category.moderators.values_list("pk", flat=True))
        for key in spec.moderators:
            if self.users[key].pk not in moderating:
                category_services.category_moderator_add(category=category, user=self.users[key], actor=staff)
                self.created["moderators"] += 1
        return category

    def _topic(self, spec: TopicSpec) -> None:
        category = self.categories[spec.category or spec.network]
        if Topic.objects.filter(category=category, title=spec.title).exists():
            return
        # A topic is loaded whole or not at all, so that a second run never finds half a conversation.
        with transaction.atomic():
            topic = posting.topic_create(
                category=category,
                author=self.users[spec.opening.author],
                title=spec.title,
                body=spec.opening.body,
                tags=spec.tags,
            )
            assert topic.last_post is not None  # noqa: S101 - topic_create sets the opening post
            posts = [(topic.last_post, spec.opening)]
            for reply in spec.replies:
                post = posting.post_create(topic=topic, author=self.users[reply.author], body=reply.body)
                posts.append((post, reply))
            self.created["topics"] += 1
            self.created["replies"] += len(spec.replies)
            if spec.poll is not None:
                self._poll(topic, spec.poll)
            for post, msg in posts:
                self._reactions(post, msg)
                for reporter, reason, note in msg.flagged_by:
                    moderation.post_flag(post=post, reporter=self.users[reporter], reason=reason, note=note)
                    self.created["flags"] += 1
                if msg.accepted:
                    posting.topic_accept_answer(topic=topic, actor=topic.author, post=post)
                    self.created["accepted answers"] += 1
            if spec.pinned_by:
                moderation.topic_pin(topic=topic, actor=self.users[spec.pinned_by])
            if spec.locked_by:
                moderation.topic_lock(topic=topic, actor=self.users[spec.locked_by], reason=spec.lock_reason)
            _spread_over_time(topic, [post for post, _msg in posts], days_ago=spec.days_ago)

    def _poll(self, topic: Topic, spec: PollSpec) -> None:
        poll = polls.poll_create(
            topic=topic,
            actor=topic.author,
            question=spec.question,
            options=list(spec.options),
            multiple=spec.multiple,
            closes_at=timezone.now() + timedelta(days=spec.closes_in_days),
        )
        option_ids = list(poll.options.order_by("position").values_list("pk", flat=True))
        for key, chosen in spec.votes:
            polls.poll_vote(poll=poll, user=self.users[key], option_ids=[option_ids[i] for i in chosen])
        self.created["polls"] += 1
        self.created["poll votes"] += PollVote.objects.filter(poll=poll).count()

    def _reactions(self, post: Post, msg: Msg) -> None:
        for kind, keys in (
            (ReactionKind.LIKE, msg.likes),
            (ReactionKind.THANKS, msg.thanks),
            (ReactionKind.INSIGHTFUL, msg.insightful),
        ):
            for key in keys:
                # reaction_toggle takes a reaction back when it is there already.
                if not Reaction.objects.filter(post=post, user=self.users[key], kind=kind).exists():
                    posting.reaction_toggle(post=post, user=self.users[key], kind=kind)
                    self.created["reactions"] += 1


def _spread_over_time(topic: Topic, posts: list[Post], *, days_ago: float) -> None:
    """Date the conversation in the past: it starts `days_ago` days back and the replies follow.

    The services always write "now", and a demo whose every post is a minute old shows nothing of the
    forum's ordering by activity or of an old, locked topic. Demo data only: no service sets past dates,
    so the timestamps are set here directly, once, right after the topic is loaded.
    """
    now = timezone.now()
    start = now - timedelta(days=days_ago)
    step = min(timedelta(days=days_ago) / (len(posts) + 1), timedelta(hours=26))
    when = start
    for n, post in enumerate(posts):
        # A few irregular minutes, so that replies do not land on the hour.
        when = start + step * n + timedelta(minutes=(n * 47) % 53)
        Post.objects.filter(pk=post.pk).update(created_at=when)
    Topic.objects.filter(pk=topic.pk).update(created_at=start, last_activity_at=min(when, now))
    Flag.objects.filter(post__topic=topic).update(created_at=min(when + timedelta(hours=2), now))
