"""The demo community that load_demo creates: members, organisations, their offerings and inquiries.

Everything here is invented: names, firms, addresses (example.com / example.org) and phone numbers.
The leading underscore keeps Django from listing this module as a management command.
"""

from dataclasses import dataclass

from community.organisations.models import OfferingKind, OrganisationKind, Sector, Size

EMAIL_DOMAIN = "demo.minga.example"
STAFF = "equipo.minga"  # the key of the site staff account
STAFF_NAME = "Equipo Minga"

CURRENCY = {"EC": "USD", "CO": "COP", "GT": "GTQ"}

K, S, Z, T = OrganisationKind, Sector, Size, OfferingKind


@dataclass(frozen=True)
class Member:
    key: str  # the local part of the e-mail address: firstname.lastname
    name: str
    country: str
    city: str
    bio: str
    skills: tuple[str, ...]
    language: str = "es"


@dataclass(frozen=True)
class Offer:
    kind: str
    name: str
    description: str
    price_min: int | str | None
    price_max: int | str | None
    availability: str


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    sector: str
    country: str
    region: str
    city: str
    size: str
    web: str  # the organisation's (fictional) domain, without .example.com / .example.org
    description: str
    owner: str
    women_led: bool = False
    admins: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    offerings: tuple[Offer, ...] = ()
    verified_by: str | None = None  # a member key, or STAFF
    mailbox: str = "contacto"


@dataclass(frozen=True)
class Ask:
    """An inquiry, from a member (requester) or from a visitor without an account (name and email)."""

    organisation: str
    message: str
    offering: str | None = None
    requester: str | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    days_ahead: int | None = None
    nights: int = 0
    party_size: int | None = None


MEMBERS: tuple[Member, ...] = (
    # Ecuador, southern region
    Member("carmen.cango", "Carmen Cango", "EC", "Saraguro",
           "Artesana saraguro. Coordino la asociación Mullu Warmi y enseño a las jóvenes el trabajo con "
           "mullos.",
           ("bordado con mullos", "comercio justo", "kichwa")),
    Member("manuel.sarango", "Manuel Sarango", "EC", "Saraguro",
           "Guía de turismo comunitario en Saraguro; recibo a visitantes en las casas de las familias de "
           "Ñamarín.",
           ("guianza", "turismo comunitario", "kichwa")),
    Member("rosa.quizhpe", "Rosa Quizhpe", "EC", "Sígsig",
           "Tejedora de paja toquilla desde los doce años y presidenta de nuestra cooperativa.",
           ("tejido de paja toquilla", "exportación", "liderazgo")),
    Member("mercedes.zhunio", "Mercedes Zhunio", "EC", "Sígsig",
           "Llevo las cuentas y los pedidos de la cooperativa Flor del Sígsig.",
           ("contabilidad", "pedidos", "tejido de paja toquilla")),
    Member("maria.jaramillo", "María Fernanda Jaramillo", "EC", "Loja",
           "Cocinera y dueña de El Tamal Lojano. Me interesa aprender a vender por internet.",
           ("cocina lojana", "costos", "catering")),
    Member("lucia.valdivieso", "Lucía Valdivieso", "EC", "Vilcabamba",
           "I run a small guesthouse in Vilcabamba and love hosting hikers from all over the world.",
           ("hospitality", "english", "online bookings"), "en"),
    Member("estefania.rios", "Estefanía Ríos", "EC", "Vilcabamba",
           "Estudiante de hotelería; hago mis prácticas en recepción en Las Orquídeas.",
           ("recepción", "redes sociales", "inglés")),
    Member("jorge.carrion", "Jorge Carrión", "EC", "Vilcabamba",
           "Administro la hostería familiar junto al río Chamba desde hace quince años.",
           ("administración hotelera", "jardinería", "senderismo")),
    Member("andrea.samaniego", "Andrea Samaniego", "EC", "Zamora",
           "Birding guide and founder of a small tour company at the edge of Podocarpus National Park.",
           ("birdwatching", "guiding", "english", "photography"), "en"),
    Member("wilmer.granda", "Wilmer Granda", "EC", "Zamora",
           "Guía nativo certificado; conozco los senderos de Bombuscaro y las aves de la zona.",
           ("guianza", "aviturismo", "primeros auxilios")),
    Member("patricio.eguiguren", "Patricio Eguiguren", "EC", "Zamora",
           "Biólogo y propietario de un lodge en el bosque nublado.",
           ("biología", "ecoturismo", "gestión ambiental")),
    Member("gabriela.maldonado", "Gabriela Maldonado", "EC", "Zamora",
           "Cocinera de comida amazónica; quiero llevar el ayampaco a más mesas.",
           ("cocina amazónica", "emprendimiento", "atención al cliente")),
    Member("paola.vivanco", "Paola Vivanco", "EC", "Zamora",
           "Ingeniera agroindustrial; hacemos chocolate con cacao fino de aroma de la provincia.",
           ("agroindustria", "cacao", "control de calidad")),
    Member("diego.guaman", "Diego Guamán", "EC", "Cuenca",
           "Guía bilingüe y operador de turismo en el Austro.",
           ("guianza", "historia cañari", "inglés")),
    Member("veronica.espinoza", "Verónica Espinoza", "EC", "Cuenca",
           "Dueña de una cafetería junto al Barranco. Aprendiendo marketing digital.",
           ("barismo", "pastelería", "marketing digital")),
    Member("hernan.riofrio", "Hernán Riofrío", "EC", "Cuenca",
           "Hotelero en el centro histórico de Cuenca.",
           ("hotelería", "revenue management", "patrimonio")),
    Member("segundo.orellana", "Segundo Orellana", "EC", "Chordeleg",
           "Orfebre de tercera generación; trabajo la filigrana de plata y oro.",
           ("orfebrería", "filigrana", "diseño")),
    Member("rolando.ordonez", "Rolando Ordóñez", "EC", "Quilanga",
           "Caficultor y presidente de la asociación de cafetaleros del cantón.",
           ("caficultura", "cooperativismo", "certificación orgánica")),
    Member("tomas.chalan", "Tomás Chalán", "EC", "Saraguro",
           "Quesero en San Lucas; compramos la leche a cuarenta familias de la parroquia.",
           ("lácteos", "buenas prácticas de manufactura", "kichwa")),
    Member("luis.ochoa", "Luis Alberto Ochoa", "EC", "Loja",
           "Transportista turístico con ruta Loja–Vilcabamba–Zamora.",
           ("transporte turístico", "logística", "mecánica")),
    Member("fernando.celi", "Fernando Celi", "EC", "Loja",
           "Rector de un instituto tecnológico de turismo en Loja.",
           ("gestión educativa", "turismo", "vinculación")),
    Member("ximena.torres", "Ximena Torres", "EC", "Loja",
           "Docente de marketing digital para MIPYMES turísticas y tutora virtual.",
           ("marketing digital", "formación virtual", "diseño instruccional")),
    Member("marcelo.vintimilla", "Marcelo Vintimilla", "EC", "Cuenca",
           "Dirijo un centro de formación continua que capacita a gerentes de MIPYMES en TIC.",
           ("formación continua", "TIC", "gestión de proyectos")),
    Member("cecilia.crespo", "Cecilia Crespo", "EC", "Cuenca",
           "Capacitadora en uso de correo, redes y reservas en línea para pequeños negocios.",
           ("alfabetización digital", "reservas en línea", "capacitación")),
    Member("eduardo.burneo", "Eduardo Burneo", "EC", "Loja",
           "Presidente de la cámara; impulsamos la alianza público-privada para el destino Loja.",
           ("gremios", "alianzas público-privadas", "turismo")),
    Member("silvia.aguirre", "Silvia Aguirre", "EC", "Loja",
           "Coordinadora de clústeres de turismo y artesanías en la cámara.",
           ("clústeres", "facilitación", "enfoque de género")),
    Member("ramiro.cueva", "Ramiro Cueva", "EC", "Loja",
           "Técnico de desarrollo económico local en la región sur.",
           ("desarrollo local", "políticas públicas", "estadística")),
    Member("daniel.whitfield", "Daniel Whitfield", "EC", "Cuenca",
           "Programme manager for SME cooperation between the Andean region and Europe.",
           ("programme management", "monitoring and evaluation", "spanish"), "en"),
    Member("laura.benitez", "Laura Benítez", "EC", "Cuenca",
           "Oficial de programa; acompaño a las redes de empresas en Ecuador y Colombia.",
           ("seguimiento", "redes empresariales", "inglés")),
    Member("nancy.guarnizo", "Nancy Guarnizo", "EC", "Loja",
           "Directora de una fundación que acompaña a mujeres emprendedoras rurales.",
           ("enfoque de género", "microfinanzas", "facilitación")),
    Member("santiago.idrovo", "Santiago Idrovo", "EC", "Cuenca",
           "Consultor en planes de negocio y flujo de caja para MIPYMES.",
           ("planes de negocio", "flujo de caja", "consultoría")),
    # Guatemala
    Member("ana.perez", "Ana Lucía Pérez", "GT", "Ciudad de Guatemala",
           "Jefa de servicios a la micro y pequeña empresa en un instituto de formación técnica.",
           ("formación profesional", "MIPYMES", "planificación estratégica")),
    Member("carlos.morales", "Carlos Enrique Morales", "GT", "Ciudad de Guatemala",
           "Coordino la unidad de educación a distancia; diseño cursos basados en TIC para MIPYMES.",
           ("educación a distancia", "TIC", "diseño instruccional", "guía metodológica")),
    Member("lesbia.orellana", "Lesbia Orellana", "GT", "Ciudad de Guatemala",
           "Instructora del curso de marketing estratégico para pequeños hoteles.",
           ("marketing estratégico", "hotelería", "facilitación")),
    Member("byron.mendez", "Byron Méndez", "GT", "Quetzaltenango",
           "Director del centro de capacitación técnica del occidente del país.",
           ("formación técnica", "turismo comunitario", "gestión")),
    Member("sonia.tzoc", "Sonia Tzoc", "GT", "Quetzaltenango",
           "Instructora de turismo comunitario; formamos a operadores comunitarios del altiplano.",
           ("turismo comunitario", "k'iche'", "capacitación")),
    Member("juan.cifuentes", "Juan Pablo Cifuentes", "GT", "Antigua Guatemala",
           "Presidente de la asociación de pequeños hoteles y dueño de una posada.",
           ("gremios", "hotelería", "incidencia")),
    Member("maria.castillo", "María José Castillo", "GT", "Antigua Guatemala",
           "I own a small colonial guesthouse; most of our guests find us online.",
           ("hospitality", "online marketing", "english"), "en"),
    Member("domingo.xicara", "Domingo Xicará", "GT", "San Pedro La Laguna",
           "Administro un hotelito familiar a la orilla del lago.",
           ("hotelería", "kayak", "tz'utujil")),
    Member("edgar.juarez", "Edgar Juárez", "GT", "Quetzaltenango",
           "Guía de montaña; organizamos ascensos a los volcanes de Xela.",
           ("montañismo", "guianza", "primeros auxilios")),
    Member("rosa.chumil", "Rosa Chumil", "GT", "San Juan Comalapa",
           "Tejedora kaqchikel y presidenta de la cooperativa Ixoq Ajkem.",
           ("telar de cintura", "kaqchikel", "comercio justo")),
    Member("mayra.cumes", "Mayra Cumes", "GT", "San Juan Comalapa",
           "Me encargo de las ventas y de las fotos de nuestros tejidos para internet.",
           ("ventas", "fotografía de producto", "redes sociales")),
    Member("lidia.caal", "Lidia Caal", "GT", "Cobán",
           "Cocinera q'eqchi'; nuestro kak'ik se hace con la receta de mi abuela.",
           ("cocina tradicional", "q'eqchi'", "catering")),
    Member("otto.herrera", "Otto Herrera", "GT", "Huehuetenango",
           "Gerente de una cooperativa de café de altura.",
           ("caficultura", "cooperativismo", "exportación")),
    Member("karla.orozco", "Karla Orozco", "GT", "Ciudad de Guatemala",
           "Consultora; administro una red de cajas de herramientas de gestión para MIPYMES.",
           ("herramientas de gestión", "contenidos digitales", "capacitación")),
    Member("hector.barrios", "Héctor Barrios", "GT", "Ciudad de Guatemala",
           "Funcionario del programa nacional de fomento a la MIPYME.",
           ("políticas públicas", "MIPYMES", "cooperación")),
    Member("gloria.monterroso", "Gloria Monterroso", "GT", "Antigua Guatemala",
           "Hacemos dulces típicos antigüeños como los hacía mi madre.",
           ("dulces típicos", "manipulación de alimentos", "ventas")),
    # Colombia
    Member("claudia.rueda", "Claudia Patricia Rueda", "CO", "Bucaramanga",
           "Directora de competitividad en la cámara; acompaño clústeres y la red de empresarias.",
           ("clústeres", "competitividad", "enfoque de género")),
    Member("oscar.serrano", "Óscar Serrano", "CO", "Bucaramanga",
           "Coordinador del clúster de turismo de naturaleza.",
           ("clústeres", "turismo de naturaleza", "gestión de proyectos")),
    Member("natalia.cadena", "Natalia Cadena", "CO", "Bucaramanga",
           "Analista de servicios empresariales en la cámara.",
           ("servicios empresariales", "análisis de datos", "formularios")),
    Member("jairo.ardila", "Jairo Ardila", "CO", "Bucaramanga",
           "Subdirector de formación en un instituto técnico del nororiente.",
           ("formación técnica", "gestión educativa", "empresa")),
    Member("diana.arenas", "Diana Carolina Arenas", "CO", "Bucaramanga",
           "Instructora de gestión empresarial y emprendimiento.",
           ("emprendimiento", "costos", "formación virtual")),
    Member("beatriz.giraldo", "Beatriz Giraldo", "CO", "Armenia",
           "Directora de una escuela de oficios y gastronomía.",
           ("gastronomía", "formación para el trabajo", "turismo")),
    Member("adriana.mantilla", "Adriana Mantilla", "CO", "Bucaramanga",
           "Consultora en innovación y fundadora de una firma de servicios para MIPYMES.",
           ("innovación", "consultoría", "planes de negocio")),
    Member("yolanda.villamizar", "Yolanda Villamizar", "CO", "Bucaramanga",
           "Presidenta de la red de empresarias de Santander.",
           ("liderazgo", "redes empresariales", "enfoque de género")),
    Member("emma.clarke", "Emma Clarke", "CO", "Bogotá",
           "Country director of an NGO that helps women entrepreneurs reach new markets.",
           ("women's economic empowerment", "fundraising", "spanish"), "en"),
    Member("luz.pinzon", "Luz Marina Pinzón", "CO", "Barichara",
           "Tengo una casa de huéspedes en Barichara y camino el Camino Real con mis huéspedes.",
           ("hospedaje", "senderismo", "cocina santandereana")),
    Member("andres.quintero", "Andrés Felipe Quintero", "CO", "San Gil",
           "Guía de rafting y parapente, fundador de un operador de aventura.",
           ("rafting", "parapente", "seguridad")),
    Member("ines.sanabria", "Inés Sanabria", "CO", "Vélez",
           "Hacemos bocadillo veleño en hoja de bijao desde 1985.",
           ("bocadillo", "manipulación de alimentos", "distribución")),
    Member("camilo.prada", "Camilo Prada", "CO", "Los Santos",
           "Tostador de café especial de la Mesa de Los Santos.",
           ("café especial", "tostión", "catación")),
    Member("juan.gomez", "Juan Carlos Gómez", "CO", "Bucaramanga",
           "Cocinero y dueño de un restaurante de comida santandereana.",
           ("cocina santandereana", "administración de restaurantes", "costos")),
    Member("sandra.diaz", "Sandra Milena Díaz", "CO", "Curití",
           "Artesana del fique; coordino a veintidós artesanas de Curití.",
           ("fique", "tejido", "diseño de producto")),
    Member("william.rojas", "William Rojas", "CO", "Bucaramanga",
           "Fabricante de calzado artesanal en cuero.",
           ("calzado", "marroquinería", "producción")),
    Member("felipe.cardenas", "Felipe Cárdenas", "CO", "Bucaramanga",
           "Diseñador web; hago sitios y reservas en línea para negocios turísticos.",
           ("diseño web", "reservas en línea", "SEO")),
    Member("mauricio.ortiz", "Mauricio Ortiz", "CO", "Bucaramanga",
           "Profesional de la agencia regional de competitividad.",
           ("competitividad", "políticas públicas", "indicadores")),
    Member("alejandro.henao", "Alejandro Henao", "CO", "Salento",
           "Coffee grower and host; we run farm tours in English and Spanish.",
           ("coffee", "hospitality", "english"), "en"),
)  # fmt: skip


def _t(*offers: Offer) -> tuple[Offer, ...]:
    return offers


ORGANISATIONS: tuple[Org, ...] = (
    # ---------------------------------------------------------------- Ecuador: Loja, Vilcabamba, Saraguro
    Org("Hostal Las Orquídeas", K.BUSINESS, S.ACCOMMODATION, "EC", "Loja", "Vilcabamba", Z.MICRO,
        "orquideas-vilcabamba",
        "A family-run guesthouse five minutes' walk from Vilcabamba's main square, with a garden full of "
        "orchids and hammocks. We help our guests plan hikes to Mandango and horse rides in the valley.",
        "lucia.valdivieso", women_led=True, members=("estefania.rios",), verified_by="eduardo.burneo",
        mailbox="stay",
        offerings=_t(
            Offer(T.SERVICE, "Double room with breakfast", "Private bathroom, garden view, breakfast with "
                  "fruit from the valley.", 30, 45, "All year; book two days ahead in July and August."),
            Offer(T.SERVICE, "Dormitory bed", "Bed in a four-bed dorm with lockers and shared kitchen.",
                  12, 15, "All year"),
            Offer(T.SERVICE, "Mandango hike with a local guide", "Half-day guided hike with views over the "
                  "valley; snack included.", 15, 20, "Daily, starting at 7 am"),
        )),
    Org("Hostería Río Chamba", K.BUSINESS, S.ACCOMMODATION, "EC", "Loja", "Vilcabamba", Z.SMALL,
        "rio-chamba",
        "Hostería de doce cabañas a orillas del río Chamba, con piscina de agua temperada y restaurante "
        "propio. Recibimos familias y grupos de estudiantes.",
        "jorge.carrion", mailbox="reservas",
        offerings=_t(
            Offer(T.SERVICE, "Cabaña familiar", "Cabaña para cuatro personas con desayuno incluido.",
                  60, 85, "Todo el año"),
            Offer(T.SERVICE, "Paquete para grupos de estudiantes", "Alojamiento, tres comidas y charla "
                  "sobre longevidad y plantas medicinales, por persona.", 25, 32, "De lunes a jueves"),
        )),
    Org("El Tamal Lojano", K.BUSINESS, S.RESTAURANT, "EC", "Loja", "Loja", Z.MICRO, "tamal-lojano",
        "Restaurante de comida típica lojana: tamales, humitas, repe y cecina. Preparamos todo el mismo día "
        "con maíz de la provincia.",
        "maria.jaramillo", women_led=True, verified_by="eduardo.burneo",
        offerings=_t(
            Offer(T.PRODUCT, "Almuerzo lojano", "Sopa de repe, seco de chivo o cecina, y jugo natural.",
                  "3.50", 5, "De lunes a sábado, de 12:00 a 15:00"),
            Offer(T.PRODUCT, "Tamales por docena", "Tamales de pollo o cerdo envueltos en hoja de achira.",
                  9, 12, "Bajo pedido con un día de anticipación"),
            Offer(T.SERVICE, "Catering para eventos", "Menú típico para reuniones de 20 a 120 personas, "
                  "precio por persona.", 7, 12, "Todo el año, con una semana de anticipación"),
        )),
    Org("Kawsay Saraguro – Turismo Comunitario", K.BUSINESS, S.TOUR_OPERATOR, "EC", "Loja", "Saraguro",
        Z.MICRO, "kawsay-saraguro",
        "Operadora de turismo comunitario de las familias kichwa saraguro de Ñamarín. Ofrecemos convivencia, "
        "caminatas y talleres de tejido y bordado.",
        "manuel.sarango", members=("tomas.chalan",),
        offerings=_t(
            Offer(T.SERVICE, "Convivencia con una familia saraguro", "Noche en casa de una familia, con "
                  "cena, desayuno y participación en las tareas del campo.", 35, 45, "Todo el año"),
            Offer(T.SERVICE, "Caminata a la cascada Virgenpamba", "Caminata guiada de medio día con "
                  "almuerzo comunitario.", 18, 25, "Fines de semana y feriados"),
            Offer(T.TRAINING, "Taller de tejido en telar", "Dos horas con una tejedora de la comunidad.",
                  10, 15, "Bajo reserva"),
        )),
    Org("Asociación Artesanal Mullu Warmi", K.BUSINESS, S.HANDICRAFTS, "EC", "Loja", "Saraguro", Z.MICRO,
        "mullu-warmi",
        "Somos dieciocho artesanas saraguro que elaboramos collares, aretes y manillas de mullos "
        "(mostacillas) con diseños de nuestra cultura.",
        "carmen.cango", women_led=True, verified_by="eduardo.burneo",
        offerings=_t(
            Offer(T.PRODUCT, "Collar de mullos", "Collar tradicional de varias vueltas; cada pieza lleva "
                  "entre dos y cinco días de trabajo.", 25, 120,
                  "Disponible en la tienda; pedidos en 3 semanas"),
            Offer(T.PRODUCT, "Aretes de mullos", "Aretes con motivos de flores y chakana.", 8, 18,
                  "Todo el año"),
            Offer(T.TRAINING, "Taller de bordado con mullos", "Taller de tres horas para grupos de hasta "
                  "diez personas, materiales incluidos.", 15, 20, "Sábados por la mañana"),
        )),
    Org("Quesera San Lucas", K.BUSINESS, S.MANUFACTURING, "EC", "Loja", "San Lucas", Z.SMALL,
        "quesera-san-lucas",
        "Planta quesera comunitaria de la parroquia San Lucas. Elaboramos queso fresco, quesillo y yogur con "
        "leche de cuarenta familias.",
        "tomas.chalan",
        offerings=_t(
            Offer(T.PRODUCT, "Queso fresco (kilo)", "Queso fresco pasteurizado, empacado al vacío.", "4.20",
                  5, "De martes a domingo"),
            Offer(T.PRODUCT, "Yogur de mora (litro)", "Yogur natural con mora de la zona.", "2.50", 3,
                  "Todo el año"),
        )),
    Org("Transporte Turístico Sur Andino", K.BUSINESS, S.SERVICES, "EC", "Loja", "Loja", Z.SMALL,
        "sur-andino",
        "Transporte turístico con busetas de 12 a 28 pasajeros en la ruta Loja, Vilcabamba, Saraguro y "
        "Zamora, con conductores capacitados en atención al turista.",
        "luis.ochoa",
        offerings=_t(
            Offer(T.SERVICE, "Alquiler de buseta con conductor (día)",
                  "Hasta 10 horas, combustible incluido.", 90, 140, "Todo el año"),
            Offer(T.SERVICE, "Traslado aeropuerto Catamayo – Loja", "Traslado puerta a puerta por persona.",
                  8, 12, "Según horario de vuelos"),
        )),
    Org("Asociación de Cafetaleros Río Pindo", K.BUSINESS, S.AGRICULTURE, "EC", "Loja", "Quilanga", Z.SMALL,
        "cafe-rio-pindo",
        "Sesenta familias productoras de café arábigo de altura en Quilanga. Vendemos café verde y "
        "tostado, y recibimos visitas en las fincas durante la cosecha.",
        "rolando.ordonez",
        offerings=_t(
            Offer(T.PRODUCT, "Café tostado en grano (340 g)", "Variedad típica y caturra, tueste medio.",
                  6, 9, "Todo el año"),
            Offer(T.PRODUCT, "Café verde por quintal", "Lotes con puntaje de taza de 84 o más.", 250, 320,
                  "De junio a septiembre"),
            Offer(T.SERVICE, "Visita a finca en cosecha", "Recorrido, recolección y catación, por persona.",
                  12, 18, "De mayo a agosto"),
        )),
    Org("Instituto Tecnológico Superior de Turismo del Sur", K.VTI, S.EDUCATION, "EC", "Loja", "Loja",
        Z.MEDIUM, "its-turismo-sur",
        "Instituto tecnológico que forma técnicos en hospitalidad, guianza y gastronomía, y ofrece cursos "
        "cortos para gerentes de MIPYMES turísticas de la región sur.",
        "fernando.celi", admins=("ximena.torres",), members=("estefania.rios",), verified_by=STAFF,
        mailbox="admisiones",
        offerings=_t(
            Offer(T.TRAINING, "Marketing digital para MIPYMES turísticas", "Curso semipresencial de 40 "
                  "horas: correo, redes sociales, fotografía y reservas en línea.", 60, 90,
                  "Marzo y septiembre"),
            Offer(T.TRAINING, "Cocina tradicional lojana", "Taller práctico de 24 horas.", 45, 60,
                  "Sábados de abril a junio"),
            Offer(T.TRAINING, "Atención al cliente en hospedaje", "Curso corto en línea con tutoría.", None,
                  None, "Gratuito para socios de la cámara; todo el año"),
        )),
    Org("Cámara de Comercio y Turismo del Sur", K.CHAMBER, S.SERVICES, "EC", "Loja", "Loja", Z.SMALL,
        "camara-sur",
        "Gremio de comerciantes y empresas turísticas de Loja y Zamora Chinchipe. Animamos los clústeres de "
        "turismo y artesanías y promovemos el destino con el sector público.",
        "eduardo.burneo", admins=("silvia.aguirre",), members=("jorge.carrion",), verified_by=STAFF,
        offerings=_t(
            Offer(T.SERVICE, "Afiliación a la cámara", "Cuota anual para microempresas; incluye capacitación "
                  "y participación en ferias.", 60, 180, "Todo el año"),
        )),
    Org("Agencia de Desarrollo Económico del Sur", K.AGENCY, S.OTHER, "EC", "Loja", "Loja", Z.MEDIUM,
        "adesur",
        "Agencia pública de desarrollo económico local de la región sur. Financiamos planes de "
        "fortalecimiento de MIPYMES y estudios de destino.",
        "ramiro.cueva", mailbox="info"),
    Org("Fundación Warmikuna Emprende", K.NGO, S.OTHER, "EC", "Loja", "Loja", Z.SMALL, "warmikuna",
        "Fundación que acompaña a mujeres emprendedoras rurales de Loja y Zamora con capacitación, "
        "microcrédito y acceso a ferias.",
        "nancy.guarnizo", women_led=True, members=("carmen.cango", "gabriela.maldonado"),
        offerings=_t(
            Offer(T.TRAINING, "Escuela de emprendedoras", "Seis módulos de gestión básica, costos y "
                  "ventas.", None, None, "Gratuito; inscripciones en enero y julio"),
        )),
    # ---------------------------------------------------------------- Ecuador: Zamora Chinchipe
    Org("Podocarpus Nature Tours", K.BUSINESS, S.TOUR_OPERATOR, "EC", "Zamora Chinchipe", "Zamora", Z.MICRO,
        "podocarpus-tours",
        "Small-group birdwatching and hiking tours in Podocarpus National Park and the Nangaritza valley, "
        "led by local guides. Over 600 bird species recorded in the area.",
        "andrea.samaniego", women_led=True, members=("wilmer.granda",), mailbox="tours",
        offerings=_t(
            Offer(T.SERVICE, "Birding day trip to Bombuscaro", "Full day with a specialist guide, lunch and "
                  "transport from Zamora.", 65, 90, "All year; best from September to December"),
            Offer(T.SERVICE, "Three-day Nangaritza expedition", "Two nights in community lodges, all meals, "
                  "river transport.", 280, 360, "Dry season, October to February"),
        )),
    Org("Lodge Río Bombuscaro", K.BUSINESS, S.ACCOMMODATION, "EC", "Zamora Chinchipe", "Zamora", Z.SMALL,
        "lodge-bombuscaro",
        "Eco-lodge in the cloud forest at the entrance of Podocarpus National Park, with hummingbird feeders "
        "and a private trail network.",
        "patricio.eguiguren", mailbox="lodge",
        offerings=_t(
            Offer(T.SERVICE, "Cabin with full board", "Price per person per night, three meals included.",
                  75, 110, "All year"),
            Offer(T.SERVICE, "Hummingbird photography morning", "Guided session at the feeders.", 20, 30,
                  "Daily, 6 to 10 am"),
        )),
    Org("Sabores de Zamora", K.BUSINESS, S.RESTAURANT, "EC", "Zamora Chinchipe", "Zamora", Z.MICRO,
        "sabores-zamora",
        "Comida amazónica y del sur: ayampaco, tilapia asada, caldo de gallina criolla y jugos de frutas "
        "de la zona.",
        "gabriela.maldonado", women_led=True,
        offerings=_t(
            Offer(T.PRODUCT, "Ayampaco de pollo", "Envuelto en hoja de bijao con palmito y yuca.", 6, 9,
                  "Todos los días"),
            Offer(T.PRODUCT, "Almuerzo ejecutivo", "Sopa, segundo y jugo.", 3, 4, "De lunes a viernes"),
        )),
    Org("Chocolates Amazonía Zamora", K.BUSINESS, S.MANUFACTURING, "EC", "Zamora Chinchipe", "Zamora",
        Z.MICRO, "chocolates-amazonia",
        "Elaboramos chocolate de origen con cacao fino de aroma comprado a pequeños productores shuar y "
        "mestizos de Zamora Chinchipe.",
        "paola.vivanco",
        offerings=_t(
            Offer(T.PRODUCT, "Barra de chocolate 70 % (50 g)", "Cacao nacional fino de aroma.", 3, 5,
                  "Todo el año"),
            Offer(T.PRODUCT, "Caja de bombones", "Doce bombones con frutas amazónicas.", 12, 20,
                  "Bajo pedido"),
            Offer(T.SERVICE, "Visita a la planta y degustación", "Por persona, grupos de 4 a 15.", 8, 10,
                  "Viernes y sábados"),
        )),
    # ---------------------------------------------------------------- Ecuador: Azuay (Cuenca and around)
    Org("Tours Ingapirca Andino", K.BUSINESS, S.TOUR_OPERATOR, "EC", "Azuay", "Cuenca", Z.SMALL,
        "ingapirca-andino",
        "Operadora de turismo en Cuenca: excursiones a Ingapirca, el Parque Nacional Cajas y los talleres "
        "artesanales de Gualaceo y Chordeleg.",
        "diego.guaman", mailbox="ventas",
        offerings=_t(
            Offer(T.SERVICE, "Excursión de un día a Ingapirca", "Transporte, guía bilingüe, entrada y "
                  "almuerzo.", 45, 65, "Todos los días, salida 8:00"),
            Offer(T.SERVICE, "Caminata en el Parque Nacional Cajas", "Ruta de lagunas de 4 horas.", 40, 55,
                  "Todo el año"),
            Offer(T.SERVICE, "Ruta artesanal Gualaceo – Chordeleg", "Visita a talleres de paños, orfebrería "
                  "y cerámica.", 35, 50, "De martes a domingo"),
        )),
    Org("Cafetería Barranco del Tomebamba", K.BUSINESS, S.RESTAURANT, "EC", "Azuay", "Cuenca", Z.MICRO,
        "cafe-barranco",
        "Cafetería con vista al río Tomebamba: café de Loja, pan de pascua, dulces cuencanos y desayunos "
        "para caminantes.",
        "veronica.espinoza",
        offerings=_t(
            Offer(T.PRODUCT, "Desayuno cuencano", "Mote pillo, pan, café y jugo.", 4, 6, "Todos los días"),
            Offer(T.PRODUCT, "Café de especialidad", "Filtrado o espresso con café de Loja.", "1.80", "3.50",
                  "Todos los días"),
        )),
    Org("Hostal Posada del Tomebamba", K.BUSINESS, S.ACCOMMODATION, "EC", "Azuay", "Cuenca", Z.SMALL,
        "posada-tomebamba",
        "Casona restaurada del centro histórico de Cuenca con dieciséis habitaciones y terraza con vista a "
        "las cúpulas de la catedral.",
        "hernan.riofrio", mailbox="reservas",
        offerings=_t(
            Offer(T.SERVICE, "Habitación doble estándar", "Desayuno incluido.", 40, 55, "Todo el año"),
            Offer(T.SERVICE, "Suite con balcón", "Vista al río, desayuno incluido.", 65, 85, "Todo el año"),
        )),
    Org("Cooperativa de Tejedoras Flor del Sígsig", K.BUSINESS, S.HANDICRAFTS, "EC", "Azuay", "Sígsig",
        Z.SMALL, "flor-del-sigsig",
        "Cooperativa de 45 tejedoras de sombreros y artículos de paja toquilla. Vendemos a tiendas del país "
        "y exportamos bajo pedido.",
        "rosa.quizhpe", women_led=True, admins=("mercedes.zhunio",),
        offerings=_t(
            Offer(T.PRODUCT, "Sombrero de paja toquilla", "Tejido a mano, grados 8 a 20.", 25, 150,
                  "Todo el año; pedidos mayores en 6 semanas"),
            Offer(T.PRODUCT, "Bolsos y carteras de toquilla", "Varios colores y tamaños.", 18, 60,
                  "Todo el año"),
        )),
    Org("Taller de Filigrana Orellana", K.BUSINESS, S.HANDICRAFTS, "EC", "Azuay", "Chordeleg", Z.MICRO,
        "filigrana-orellana",
        "Taller familiar de orfebrería en Chordeleg: aretes, anillos y dijes en filigrana de plata hechos a "
        "mano.",
        "segundo.orellana",
        offerings=_t(
            Offer(T.PRODUCT, "Aretes de filigrana de plata", "Plata 950, diseños tradicionales.", 20, 90,
                  "Todo el año"),
            Offer(T.TRAINING, "Demostración de filigrana", "Visita al taller para grupos, 45 minutos.",
                  3, 5, "De martes a sábado"),
        )),
    Org("Centro de Formación Continua del Austro", K.VTI, S.EDUCATION, "EC", "Azuay", "Cuenca", Z.MEDIUM,
        "formacion-austro",
        "Centro de formación continua que capacita a gerentes y jóvenes de familias de destinos turísticos "
        "en el uso de las TIC para comunicar y comercializar sus negocios.",
        "marcelo.vintimilla", admins=("cecilia.crespo",), members=("veronica.espinoza",),
        offerings=_t(
            Offer(T.TRAINING, "Correo, redes y reservas en línea", "Curso práctico de 20 horas en "
                  "laboratorio.", 25, 40, "Cada dos meses"),
            Offer(T.TRAINING, "Fotografía de producto con el celular", "Taller de 8 horas.", 15, 25,
                  "Sábados"),
        )),
    Org("Austro Digital – Servicios Empresariales", K.BDS, S.SERVICES, "EC", "Azuay", "Cuenca", Z.MICRO,
        "austro-digital",
        "Asesoramos a MIPYMES en planes de negocio, flujo de caja y presencia en internet, con visitas en el "
        "negocio y seguimiento en línea.",
        "santiago.idrovo",
        offerings=_t(
            Offer(T.SERVICE, "Diagnóstico empresarial", "Dos visitas e informe con plan de mejora.", 80, 150,
                  "Todo el año"),
            Offer(T.SERVICE, "Acompañamiento en flujo de caja", "Tres meses de asesoría.", 250, 400,
                  "Todo el año"),
        )),
    Org("Andean–European SME Cooperation Programme", K.AGENCY, S.SERVICES, "EC", "Azuay", "Cuenca",
        Z.MEDIUM, "aesc-programme",
        "International cooperation programme that co-funds business clusters, business-development services "
        "and women-led business networks in Ecuador and Colombia.",
        "daniel.whitfield", admins=("laura.benitez",), verified_by=STAFF, mailbox="info"),
    # ---------------------------------------------------------------- Guatemala
    Org("Instituto Técnico de Formación y Productividad", K.VTI, S.EDUCATION, "GT", "Guatemala",
        "Ciudad de Guatemala", Z.MEDIUM, "intefop",
        "Institución nacional de formación profesional. Nuestra unidad de educación a distancia ofrece a las "
        "MIPYMES cursos basados en TIC, diseñados con cada conglomerado.",
        "ana.perez", admins=("carlos.morales",), members=("lesbia.orellana",), verified_by=STAFF,
        mailbox="mipymes",
        offerings=_t(
            Offer(T.TRAINING, "Marketing estratégico para pequeños hoteles", "Curso virtual con tutoría "
                  "para gerentes, 30 horas.", 250, 450, "Noviembre y marzo"),
            Offer(T.TRAINING, "Atención al huésped", "Curso semipresencial para personal de recepción.",
                  150, 250, "Todo el año"),
            Offer(T.TRAINING, "Gestión de la innovación con TIC", "Programa de seis meses para MIPYMES.",
                  600, 900, "Inicia en febrero"),
        )),
    Org("Centro de Capacitación Técnica de Occidente", K.VTI, S.EDUCATION, "GT", "Quetzaltenango",
        "Quetzaltenango", Z.MEDIUM, "cct-occidente",
        "Centro regional de formación técnica del altiplano occidental. Capacitamos a operadores de turismo "
        "comunitario, cocineras y artesanas.",
        "byron.mendez", members=("sonia.tzoc",), mailbox="occidente",
        offerings=_t(
            Offer(T.TRAINING, "Operación de turismo comunitario", "Programa de 80 horas para grupos "
                  "comunitarios.", None, None, "Gratuito para comunidades; inicia en abril"),
            Offer(T.TRAINING, "Cocina tradicional guatemalteca", "Curso práctico de 40 horas.", 200, 300,
                  "Todo el año"),
        )),
    Org("Asociación Guatemalteca de Pequeños Hoteles", K.CHAMBER, S.ACCOMMODATION, "GT", "Sacatepéquez",
        "Antigua Guatemala", Z.SMALL, "aguapeh",
        "Gremio de pequeños hoteles y posadas de todo el país. Detectamos necesidades de capacitación y las "
        "trabajamos con los institutos de formación.",
        "juan.cifuentes", members=("maria.castillo", "domingo.xicara")),
    Org("Posada Doña Rosario", K.BUSINESS, S.ACCOMMODATION, "GT", "Sacatepéquez", "Antigua Guatemala",
        Z.MICRO, "posada-dona-rosario",
        "A seven-room colonial guesthouse three blocks from Antigua's Central Park, with a quiet courtyard "
        "and home-made breakfast. Spanish-school students welcome.",
        "maria.castillo", women_led=True, mailbox="hello",
        offerings=_t(
            Offer(T.SERVICE, "Courtyard room", "Double room with private bathroom and breakfast.", 450, 650,
                  "All year; Holy Week books up early"),
            Offer(T.SERVICE, "Weekly stay for language students", "Seven nights with breakfast.", 2200, 2800,
                  "All year"),
        )),
    Org("Hotelito Xocomil", K.BUSINESS, S.ACCOMMODATION, "GT", "Sololá", "San Pedro La Laguna", Z.MICRO,
        "hotelito-xocomil",
        "Hotel familiar tz'utujil a la orilla del lago de Atitlán, con muelle propio y alquiler de kayaks.",
        "domingo.xicara",
        offerings=_t(
            Offer(T.SERVICE, "Habitación con vista al lago", "Baño privado y agua caliente.", 250, 400,
                  "Todo el año"),
            Offer(T.SERVICE, "Alquiler de kayak (medio día)", "Incluye chaleco salvavidas.", 80, 120,
                  "Por las mañanas, antes del viento Xocomil"),
        )),
    Org("Senderos de Occidente Tours", K.BUSINESS, S.TOUR_OPERATOR, "GT", "Quetzaltenango",
        "Quetzaltenango", Z.MICRO, "senderos-occidente",
        "Operador de montaña en Xela: ascensos al volcán Santa María, la laguna de Chicabal y caminatas de "
        "varios días hacia el lago de Atitlán.",
        "edgar.juarez",
        offerings=_t(
            Offer(T.SERVICE, "Amanecer en el volcán Santa María", "Salida a las 2:00, guía y transporte.",
                  250, 350, "De noviembre a abril"),
            Offer(T.SERVICE, "Laguna de Chicabal", "Caminata de un día con almuerzo.", 200, 275,
                  "Todo el año, excepto mayo"),
            Offer(T.SERVICE, "Travesía Xela – Atitlán (3 días)", "Hospedaje en casas de familia.", 1100, 1400,
                  "Salidas cada domingo"),
        )),
    Org("Cooperativa de Tejedoras Ixoq Ajkem", K.BUSINESS, S.HANDICRAFTS, "GT", "Chimaltenango",
        "San Juan Comalapa", Z.SMALL, "ixoq-ajkem",
        "Cooperativa de tejedoras kaqchikel que trabajan en telar de cintura. Cada güipil lleva los diseños "
        "de nuestra comunidad.",
        "rosa.chumil", women_led=True, admins=("mayra.cumes",),
        offerings=_t(
            Offer(T.PRODUCT, "Güipil tejido a mano", "Piezas únicas, de uno a tres meses de trabajo.",
                  900, 2500, "Según existencias"),
            Offer(T.PRODUCT, "Camino de mesa", "Algodón teñido con tintes naturales.", 150, 350,
                  "Todo el año"),
            Offer(T.TRAINING, "Clase de telar de cintura", "Tres horas con una tejedora; se lleva su pieza.",
                  200, 300, "De lunes a sábado, con reserva"),
        )),
    Org("Comedor Kak'ik Cobán", K.BUSINESS, S.RESTAURANT, "GT", "Alta Verapaz", "Cobán", Z.MICRO,
        "kakik-coban",
        "Comedor de comida q'eqchi': kak'ik de chunto, tamalitos de cambray y café de Cobán.",
        "lidia.caal", women_led=True,
        offerings=_t(
            Offer(T.PRODUCT, "Kak'ik de chunto", "Caldo tradicional con arroz y tamalito.", 45, 60,
                  "Todos los días"),
            Offer(T.SERVICE, "Servicio de comida para grupos", "Menú típico, precio por persona.", 65, 90,
                  "Con tres días de anticipación"),
        )),
    Org("Cooperativa Café Altos de Huehue", K.BUSINESS, S.AGRICULTURE, "GT", "Huehuetenango",
        "Huehuetenango", Z.MEDIUM, "altos-de-huehue",
        "Cooperativa de 220 pequeños caficultores de altura. Exportamos café estrictamente duro y vendemos "
        "café tostado en el país.",
        "otto.herrera",
        offerings=_t(
            Offer(T.PRODUCT, "Café tostado (libra)", "Grano o molido, tueste medio.", 60, 85, "Todo el año"),
            Offer(T.PRODUCT, "Café oro para exportación (quintal)", "Lotes trazables por comunidad.", 1800,
                  2400, "De enero a abril"),
        )),
    Org("Dulces Típicos Antigüeños", K.BUSINESS, S.MANUFACTURING, "GT", "Sacatepéquez", "Antigua Guatemala",
        Z.MICRO, "dulces-antiguenos",
        "Dulcería familiar: canillitas de leche, cocadas, mazapanes y colochos de guayaba hechos a mano.",
        "gloria.monterroso",
        offerings=_t(
            Offer(T.PRODUCT, "Caja surtida de dulces típicos", "Treinta piezas.", 75, 150, "Todo el año"),
        )),
    Org("Red Herramientas MIPYME", K.BDS, S.SERVICES, "GT", "Guatemala", "Ciudad de Guatemala", Z.SMALL,
        "red-herramientas",
        "Red de instituciones que mantiene cajas de herramientas de gestión para MIPYMES: plantillas de "
        "plan de negocio, flujo de caja y mercadeo, y asesoría en línea.",
        "karla.orozco", members=("carlos.morales",),
        offerings=_t(
            Offer(T.SERVICE, "Asesoría en plan de negocio", "Cuatro sesiones en línea.", 1500, 4000,
                  "Todo el año"),
            Offer(T.PRODUCT, "Caja de herramientas de gestión", "Plantillas y guías descargables.", None,
                  None, "Gratuito en línea"),
        )),
    Org("Programa Nacional de Fomento a la MIPYME", K.AGENCY, S.OTHER, "GT", "Guatemala",
        "Ciudad de Guatemala", Z.MEDIUM, "fomento-mipyme",
        "Programa público que coordina el apoyo a la micro, pequeña y mediana empresa con institutos de "
        "formación, gremios y gobiernos locales.",
        "hector.barrios", verified_by=STAFF, mailbox="info"),
    # ---------------------------------------------------------------- Colombia
    Org("Cámara de Comercio del Oriente Andino", K.CHAMBER, S.SERVICES, "CO", "Santander", "Bucaramanga",
        Z.MEDIUM, "cc-oriente-andino",
        "Cámara de comercio que anima los clústeres de turismo de naturaleza, café especial, calzado y "
        "artesanías de Santander, y la red de empresarias del departamento.",
        "claudia.rueda", admins=("oscar.serrano",), members=("natalia.cadena",), verified_by=STAFF,
        offerings=_t(
            Offer(T.SERVICE, "Ruta de fortalecimiento de clústeres", "Diagnóstico, plan de acción y "
                  "mesas de trabajo por clúster.", None, None, "Convocatoria anual en febrero"),
            Offer(T.TRAINING, "Taller de formalización empresarial", "Cuatro horas, presencial.", 0, 50000,
                  "Cada mes"),
        )),
    Org("Instituto de Formación Técnica del Oriente", K.VTI, S.EDUCATION, "CO", "Santander", "Bucaramanga",
        Z.MEDIUM, "ifto",
        "Instituto de formación para el trabajo. Diseñamos con los clústeres de la región programas cortos "
        "para empleados y dueños de MIPYMES.",
        "jairo.ardila", admins=("diana.arenas",), verified_by=STAFF,
        offerings=_t(
            Offer(T.TRAINING, "Gestión de costos para MIPYMES", "Curso virtual de 40 horas.", None, None,
                  "Gratuito; cohortes cada trimestre"),
            Offer(T.TRAINING, "Guianza en turismo de naturaleza", "Programa técnico de seis meses.", None,
                  None, "Inicia en enero y julio"),
        )),
    Org("Escuela de Oficios y Gastronomía del Quindío", K.VTI, S.EDUCATION, "CO", "Quindío", "Armenia",
        Z.SMALL, "escuela-quindio",
        "Escuela de oficios que forma cocineros, baristas y meseros para los hoteles y restaurantes del Eje "
        "Cafetero.",
        "beatriz.giraldo",
        offerings=_t(
            Offer(T.TRAINING, "Barismo y métodos de filtrado", "Curso de 32 horas.", 450000, 650000,
                  "Todo el año"),
            Offer(T.TRAINING, "Cocina colombiana para hoteles", "Curso de 60 horas.", 900000, 1200000,
                  "Febrero, junio y septiembre"),
        )),
    Org("Impulsa MIPYME Consultores", K.BDS, S.SERVICES, "CO", "Santander", "Bucaramanga", Z.MICRO,
        "impulsa-mipyme",
        "Firma de servicios de desarrollo empresarial: diagnósticos, planes de innovación y acompañamiento a "
        "empresas de los clústeres de Santander.",
        "adriana.mantilla", women_led=True, members=("diana.arenas",),
        offerings=_t(
            Offer(T.SERVICE, "Plan de innovación", "Tres meses de acompañamiento.", 1200000, 2500000,
                  "Todo el año"),
        )),
    Org("Fundación Red de Empresarias de Santander", K.NGO, S.OTHER, "CO", "Santander", "Bucaramanga",
        Z.SMALL, "red-empresarias",
        "Red de más de 300 empresarias santandereanas. Organizamos ruedas de negocios, mentorías y "
        "compras conjuntas.",
        "yolanda.villamizar", women_led=True, members=("luz.pinzon", "ines.sanabria", "sandra.diaz"),
        offerings=_t(
            Offer(T.SERVICE, "Mentoría entre empresarias", "Seis meses con una mentora.", None, None,
                  "Convocatoria en marzo"),
        )),
    Org("Pathways for Women Entrepreneurs", K.NGO, S.OTHER, "CO", "Bogotá D.C.", "Bogotá", Z.SMALL,
        "pathways-women",
        "International NGO helping women-led small businesses in Colombia and Ecuador reach new markets "
        "through export coaching and trade fairs.",
        "emma.clarke", members=("yolanda.villamizar",), mailbox="info"),
    Org("Casa Guane Hostal", K.BUSINESS, S.ACCOMMODATION, "CO", "Santander", "Barichara", Z.MICRO,
        "casa-guane",
        "Casa de huéspedes en una casona de tapia pisada de Barichara, con patio de naranjos y desayunos "
        "santandereanos.",
        "luz.pinzon", women_led=True, verified_by="claudia.rueda", mailbox="reservas",
        offerings=_t(
            Offer(T.SERVICE, "Habitación doble", "Desayuno santandereano incluido.", 220000, 320000,
                  "Todo el año"),
            Offer(T.SERVICE, "Caminata guiada por el Camino Real a Guane", "Medio día, con regreso en "
                  "transporte.", 60000, 80000, "Todos los días"),
        )),
    Org("Aventura Chicamocha Tours", K.BUSINESS, S.TOUR_OPERATOR, "CO", "Santander", "San Gil", Z.SMALL,
        "aventura-chicamocha",
        "Operador de turismo de aventura en San Gil: rafting en el río Fonce, parapente sobre el cañón del "
        "Chicamocha y espeleología.",
        "andres.quintero", verified_by="claudia.rueda", mailbox="reservas",
        offerings=_t(
            Offer(T.SERVICE, "Rafting río Fonce", "Dos horas, nivel II-III.", 60000, 90000, "Todo el año"),
            Offer(T.SERVICE, "Parapente en el Chicamocha", "Vuelo biplaza de 30 minutos.", 180000, 250000,
                  "Según el clima, todo el año"),
        )),
    Org("Bocadillos Veleños Doña Inés", K.BUSINESS, S.MANUFACTURING, "CO", "Santander", "Vélez", Z.MICRO,
        "bocadillos-dona-ines",
        "Fábrica familiar de bocadillo veleño de guayaba envuelto en hoja de bijao. Vendemos al detal y a "
        "tiendas de todo el país.",
        "ines.sanabria", women_led=True, verified_by="claudia.rueda",
        offerings=_t(
            Offer(T.PRODUCT, "Caja de 24 bocadillos", "Bocadillo tradicional en hoja de bijao.", 18000, 25000,
                  "Todo el año"),
            Offer(T.PRODUCT, "Bocadillo por mayor (caja de 50)", "Para tiendas y hoteles.", 40000, 52000,
                  "Pedidos con 5 días de anticipación"),
        )),
    Org("Tostadores del Cañón", K.BUSINESS, S.AGRICULTURE, "CO", "Santander", "Los Santos", Z.MICRO,
        "tostadores-canon",
        "Finca y tostadora de café especial en la Mesa de Los Santos, a 1.600 metros sobre el cañón del "
        "Chicamocha.",
        "camilo.prada",
        offerings=_t(
            Offer(T.PRODUCT, "Café especial (500 g)", "Variedad castillo, proceso honey.", 28000, 38000,
                  "Todo el año"),
            Offer(T.SERVICE, "Tour del café con catación", "Dos horas en la finca.", 45000, 60000,
                  "Fines de semana"),
        )),
    Org("Restaurante El Fogón Santandereano", K.BUSINESS, S.RESTAURANT, "CO", "Santander", "Bucaramanga",
        Z.SMALL, "fogon-santandereano",
        "Cocina santandereana de leña: mute, cabro con pepitoria, carne oreada y arepa de maíz pelado.",
        "juan.gomez",
        offerings=_t(
            Offer(T.PRODUCT, "Mute santandereano", "Plato del sábado, con arepa.", 22000, 28000, "Sábados"),
            Offer(T.PRODUCT, "Cabro con pepitoria", "Con yuca y ensalada.", 35000, 45000, "Todos los días"),
        )),
    Org("Asociación de Artesanas del Fique de Curití", K.BUSINESS, S.HANDICRAFTS, "CO", "Santander",
        "Curití", Z.SMALL, "fique-curiti",
        "Veintidós artesanas que transforman el fique en bolsos, tapetes e individuales con tintes "
        "naturales.",
        "sandra.diaz", women_led=True, verified_by="claudia.rueda",
        offerings=_t(
            Offer(T.PRODUCT, "Bolso de fique", "Tejido a mano, varios tamaños.", 45000, 180000,
                  "Todo el año"),
            Offer(T.PRODUCT, "Juego de individuales", "Seis piezas.", 60000, 90000, "Todo el año"),
            Offer(T.TRAINING, "Taller del fique", "Del desfibrado al tejido, dos horas.", 30000, 40000,
                  "Fines de semana"),
        )),
    Org("Calzado Artesanal Chicamocha", K.BUSINESS, S.MANUFACTURING, "CO", "Santander", "Bucaramanga",
        Z.SMALL, "calzado-chicamocha",
        "Fábrica de calzado en cuero hecho a mano, parte del clúster de calzado de Bucaramanga.",
        "william.rojas",
        offerings=_t(
            Offer(T.PRODUCT, "Botín de cuero para dama", "Tallas 34 a 40.", 160000, 260000, "Todo el año"),
            Offer(T.PRODUCT, "Mocasín para caballero", "Tallas 37 a 44.", 120000, 200000, "Todo el año"),
        )),
    Org("Agencia Digital Colibrí", K.BUSINESS, S.SERVICES, "CO", "Santander", "Bucaramanga", Z.MICRO,
        "agencia-colibri",
        "Diseñamos sitios web con reservas en línea y manejamos redes sociales para hoteles, restaurantes y "
        "operadores turísticos pequeños.",
        "felipe.cardenas",
        offerings=_t(
            Offer(T.SERVICE, "Sitio web con reservas", "Diseño, dominio y un año de soporte.", 1800000,
                  3500000, "Entrega en 4 semanas"),
            Offer(T.SERVICE, "Manejo de redes sociales (mes)", "Doce publicaciones y reporte.", 600000,
                  900000, "Todo el año"),
        )),
    Org("Agencia de Competitividad Regional del Oriente", K.AGENCY, S.OTHER, "CO", "Santander",
        "Bucaramanga", Z.SMALL, "competitividad-oriente",
        "Entidad pública que coordina la agenda regional de competitividad y la alianza público-privada para "
        "el desarrollo territorial.",
        "mauricio.ortiz", members=("oscar.serrano",), mailbox="info"),
    Org("Finca Cafetera El Mirador", K.BUSINESS, S.ACCOMMODATION, "CO", "Quindío", "Salento", Z.MICRO,
        "finca-el-mirador",
        "Working coffee farm near Salento with four guest rooms and views of the Cocora valley. Our coffee "
        "tour follows the bean from the plant to your cup.",
        "alejandro.henao", mailbox="stay",
        offerings=_t(
            Offer(T.SERVICE, "Farm room with breakfast", "Double room, private bathroom.", 250000, 380000,
                  "All year"),
            Offer(T.SERVICE, "Coffee tour", "Two hours, tasting included.", 50000, 70000,
                  "Daily at 9 am and 2 pm"),
        )),
)  # fmt: skip


INQUIRIES: tuple[Ask, ...] = (
    Ask("Hostal Las Orquídeas", "Hi! We are two hikers from Germany and would like a quiet room for three "
        "nights. Could you also book the Mandango hike for us?", offering="Double room with breakfast",
        name="Hannah Schmidt", email="hannah.schmidt@example.com", days_ahead=30, nights=3, party_size=2),
    Ask("Tours Ingapirca Andino", "Buenos días, somos cuatro personas de Bucaramanga. ¿Tienen salida a "
        "Ingapirca el sábado y el guía puede ser en español?", offering="Excursión de un día a Ingapirca",
        requester="natalia.cadena", days_ahead=45, party_size=4),
    Ask("Asociación Artesanal Mullu Warmi", "Para la feria de emprendedoras necesitamos treinta collares. "
        "¿Podrían tenerlos listos en un mes y enviarlos a Bucaramanga?", offering="Collar de mullos",
        requester="yolanda.villamizar"),
    Ask("Cooperativa de Tejedoras Ixoq Ajkem", "We are a family of three spending a week in Antigua. Is the "
        "backstrap weaving class suitable for a 12-year-old?", offering="Clase de telar de cintura",
        name="Lucas Martin", email="lucas.martin@example.com", phone="+1 202 555 0147", days_ahead=20,
        party_size=3),
    Ask("Casa Guane Hostal", "Hello, I will be visiting Barichara with a colleague for two nights. Do you "
        "have two rooms, and could you recommend a guide for the Camino Real?", offering="Habitación doble",
        requester="emma.clarke", days_ahead=60, nights=2, party_size=2),
    Ask("Instituto Técnico de Formación y Productividad", "Buenas tardes, quisiera inscribir a dos "
        "personas de nuestro hotelito en el curso de marketing. ¿Es completamente en línea?",
        offering="Marketing estratégico para pequeños hoteles", requester="domingo.xicara"),
    Ask("Comedor Kak'ik Cobán", "Vamos con un grupo de 25 socios de la asociación a Cobán. ¿Nos pueden "
        "preparar almuerzo típico el viernes?", offering="Servicio de comida para grupos",
        requester="juan.cifuentes", days_ahead=15, party_size=25),
    Ask("Bocadillos Veleños Doña Inés", "Tengo una tienda de productos típicos en Bogotá. ¿Cuál es el pedido "
        "mínimo al por mayor y cómo hacen los envíos?", offering="Bocadillo por mayor (caja de 50)",
        name="Martha Lucía Rincón", email="martha.rincon@example.com", phone="+57 601 000 0188"),
    Ask("Podocarpus Nature Tours", "Hi Andrea, I'm a bird photographer hoping to see the Podocarpus "
        "specialities. Could we do two consecutive days at Bombuscaro?", offering="Birding day trip to "
        "Bombuscaro", name="Peter Hughes", email="peter.hughes@example.com", days_ahead=90, nights=2,
        party_size=1),
)  # fmt: skip


# The logins load_demo prints: (who the person is, member key, the organisation that shows it).
DEMO_LOGINS: tuple[tuple[str, str, str], ...] = (
    ("Owner of a women-led business", "carmen.cango", "Asociación Artesanal Mullu Warmi"),
    ("Chamber staff (verified chamber)", "claudia.rueda", "Cámara de Comercio del Oriente Andino"),
    ("VTI expert", "carlos.morales", "Instituto Técnico de Formación y Productividad"),
    ("Site staff", STAFF, ""),
)
