# ruff: noqa: E501  (prose in data tuples reads better unbroken)
"""The demo library: practices drawn from the experience of VTIs with ICT-based training for small tourism
businesses and women entrepreneurs. Organisations are those of load_demo; people and numbers are invented
or adapted from public project reports."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoPractice:
    organisation: str  # its owner is the author
    title: str
    language: str
    country: str
    sector: str
    training_area: str
    target_groups: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    context: str
    method: str
    indicators: tuple[tuple[str, str, str], ...]
    resources: str
    lessons: str
    transfer: str
    partners: tuple[str, ...] = ()  # more institutions; the owner of the first is co-author
    network: str = ""
    status: str = "published"  # or "submitted", "draft"
    licence: str = "cc-by-4.0"
    second_version: str = field(default="")  # lessons added in an edit after publication


VTI_EC = "Instituto Tecnológico Superior de Turismo del Sur"
CFC_AUSTRO = "Centro de Formación Continua del Austro"
INTEFOP = "Instituto Técnico de Formación y Productividad"
CCT_OCC = "Centro de Capacitación Técnica de Occidente"
IFT_ORIENTE = "Instituto de Formación Técnica del Oriente"
QUINDIO = "Escuela de Oficios y Gastronomía del Quindío"
WARMIKUNA = "Fundación Warmikuna Emprende"
EMPRESARIAS = "Fundación Red de Empresarias de Santander"
PATHWAYS = "Pathways for Women Entrepreneurs"
COOPERATION = "Andean–European SME Cooperation Programme"
AUSTRO_DIGITAL = "Austro Digital – Servicios Empresariales"
CAMARA_SUR = "Cámara de Comercio y Turismo del Sur"
HOTELES_GT = "Asociación Guatemalteca de Pequeños Hoteles"
IMPULSA = "Impulsa MIPYME Consultores"
VTI_NETWORK = "Red de Institutos Técnicos Andinos"

S_ACC, S_TOUR, S_CRAFT, S_REST, S_EDU, S_SERV = (
    "tourism_accommodation", "tourism_tour_operator", "tourism_handicrafts", "tourism_restaurant",
    "education", "services",
)  # fmt: skip

PRACTICES: tuple[DemoPractice, ...] = (
    DemoPractice(
        CFC_AUSTRO,
        "Plataforma en línea para comercializar MIPYMES turísticas del sur del Ecuador",
        "es",
        "EC",
        S_ACC,
        "ecommerce",
        ("business_owners", "young_people"),
        ("comercio electrónico", "turismo", "TIC"),
        "Una plataforma web reunió y promocionó a 47 MIPYMES turísticas y organizaciones comunitarias, y formó a "
        "jóvenes de familias de los destinos para mantenerla.",
        "La región sur del Ecuador tiene un rico patrimonio natural y cultural, pero los pequeños empresarios "
        "turísticos, urbanos y rurales, reciben una parte mínima del ingreso del turismo: no llegan a los "
        "operadores ni a los viajeros que reservan en internet.",
        "1. Diagnóstico de 150 MIPYMES y organizaciones comunitarias.\n2. Diseño de la plataforma con fichas "
        "de alojamiento, restaurantes, tours y artesanías.\n3. Lanzamiento en un evento con operadores "
        "turísticos.\n4. Cursos presenciales y virtuales para estudiantes, empleados y gerentes.",
        (("47", "businesses featured online", "16 months"), ("187", "people trained", "18 months")),
        "Fondos de cooperación; dos técnicos a medio tiempo; hosting de USD 300 al año.",
        "La plataforma solo vive si los propios negocios actualizan sus fichas: hay que formar a alguien de cada "
        "negocio, no solo al gerente.",
        "Una institución con aulas de informática y un gremio turístico que convoque a sus socios.",
        partners=(CAMARA_SUR,),
        second_version="Al segundo año, las fichas sin actualizar bajaron las reservas: nombramos un responsable "
        "por negocio.",
    ),
    DemoPractice(
        INTEFOP,
        "Estrategia de formación basada en TIC para pequeños hoteles de Guatemala",
        "es",
        "GT",
        S_ACC,
        "digital_skills",
        ("business_owners", "employees"),
        ("e-learning", "hoteles", "TIC"),
        "Con la asociación de pequeños hoteles se detectaron necesidades en un taller participativo y se dictó "
        "un curso virtual de marketing estratégico para gerentes.",
        "El turismo es la segunda fuente de divisas del país y genera unos 27.000 empleos al año; hay cerca de "
        "2.700 hoteles pequeños que no pueden dejar la recepción para asistir a clases.",
        "1. Selección del conglomerado con el Viceministerio de la MIPYME.\n2. Taller participativo de "
        "detección de necesidades.\n3. Estrategias definidas con el gremio.\n4. Inducción a la plataforma "
        "virtual.\n5. Curso de marketing estratégico en noviembre y diciembre.",
        (
            ("98.9", "% of participants satisfied", "2 months"),
            ("1", "national training plan agreed", "1 year"),
        ),
        "Unidad de educación a distancia del instituto; tutores propios; plataforma Moodle.",
        "El éxito depende del compromiso de la contraparte. Antes de formar con TIC hay que nivelar el uso de "
        "la computadora del personal.",
        "Un gremio que actúe como contraparte y acuerdos con entidades públicas de apoyo a la MIPYME.",
        partners=(HOTELES_GT,),
        network=VTI_NETWORK,
    ),
    DemoPractice(
        CCT_OCC,
        "Formación de 105 operadores de turismo comunitario del occidente",
        "es",
        "GT",
        S_TOUR,
        "tourism_services",
        ("communities", "young_people"),
        ("turismo comunitario", "guianza"),
        "Programa de fortalecimiento de capacidades para operadores comunitarios, con módulos cortos en la "
        "comunidad y tutoría por mensajería.",
        "Las comunidades del altiplano reciben visitantes pero sin guías formados ni precios acordados.",
        "Módulos de dos días en cada comunidad; grupos de WhatsApp por módulo; visitas de seguimiento.",
        (("105", "community operators trained", "12 months"), ("14", "communities", "12 months")),
        "Financiamiento de un programa de desarrollo rural; tres instructores.",
        "La mensajería sustituye bien a la plataforma cuando la conexión es mala.",
        "Instructores que hablen el idioma local y comunidades organizadas.",
    ),
    DemoPractice(
        VTI_EC,
        "Curso virtual de atención al turista para hostales familiares",
        "es",
        "EC",
        S_ACC,
        "hospitality",
        ("employees", "business_owners"),
        ("e-learning", "atención al cliente"),
        "Curso en línea de seis semanas, con videos cortos grabados en hostales de Vilcabamba y Loja.",
        "Los hostales familiares contratan personal sin experiencia y no pueden cerrar para capacitar.",
        "Videos de cinco minutos; una tarea práctica por semana; foro con el tutor; certificado.",
        (("212", "people enrolled", "6 months"), ("71", "% completion rate", "6 months")),
        "Un tutor por cada 40 participantes; celulares de los propios participantes.",
        "Los videos grabados en negocios reales motivan más que las clases genéricas.",
        "Conexión móvil estable en la zona y un negocio que preste su local para grabar.",
    ),
    DemoPractice(
        AUSTRO_DIGITAL,
        "Acompañamiento para abrir tiendas en línea de artesanías",
        "es",
        "EC",
        S_CRAFT,
        "ecommerce",
        ("women_entrepreneurs",),
        ("comercio electrónico", "artesanías", "mujeres"),
        "Asesoría en la tienda de cada taller: fotos, precios con envío y cobro en línea.",
        "Las artesanas de paja toquilla vendían solo a intermediarios a precios bajos.",
        "Visitas en el taller; sesión de fotos con el celular; publicación en la vitrina y redes; primera venta "
        "acompañada.",
        (("38", "shops opened online", "10 months"), ("23", "% higher price per piece", "10 months")),
        "Dos asesores; presupuesto de USD 9.000.",
        "La primera venta acompañada es la que da confianza para seguir.",
        "Servicios de envío que lleguen a la parroquia.",
        partners=(WARMIKUNA,),
    ),
    DemoPractice(
        WARMIKUNA,
        "Escuela de emprendedoras rurales con formación mixta",
        "es",
        "EC",
        S_CRAFT,
        "entrepreneurship",
        ("women_entrepreneurs",),
        ("mujeres", "emprendimiento", "formación mixta"),
        "Programa de ocho meses que combina encuentros mensuales presenciales con lecciones por audio en el celular.",
        "Las mujeres rurales no pueden ausentarse varios días por el cuidado de la familia y la chacra.",
        "Encuentros mensuales con cuidado infantil; lecciones de audio de diez minutos; plan de negocio simple.",
        (("126", "women trained", "8 months"), ("54", "businesses formalised", "1 year")),
        "Cuidado infantil en cada encuentro; transporte; USD 180 por participante.",
        "Sin cuidado infantil, la asistencia cae a la mitad.",
        "Una organización de confianza en la comunidad.",
    ),
    DemoPractice(
        PATHWAYS,
        "Peer-mentoring circles for women-led tourism businesses",
        "en",
        "CO",
        S_TOUR,
        "entrepreneurship",
        ("women_entrepreneurs",),
        ("women", "mentoring", "tourism"),
        "Groups of six women owners meet every two weeks, online or in person, with a trained facilitator.",
        "Women who run small tourism businesses lack networks to share suppliers, prices and clients.",
        "1. Recruit through chambers and foundations.\n2. Train facilitators.\n3. Twelve sessions on a fixed "
        "guide.\n4. A joint offer at the end.",
        (("84", "women in circles", "9 months"), ("11", "joint tourism packages", "9 months")),
        "Facilitator stipends; a video-call licence; USD 95 per participant.",
        "A fixed guide for each session keeps the circles going after the facilitator leaves.",
        "Enough women-led businesses in one destination to form circles.",
        partners=(EMPRESARIAS,),
    ),
    DemoPractice(
        EMPRESARIAS,
        "Ruta de la empresaria: de la idea a la primera venta",
        "es",
        "CO",
        S_SERV,
        "entrepreneurship",
        ("women_entrepreneurs", "young_people"),
        ("mujeres", "plan de negocio"),
        "Programa de 16 semanas con plan de negocio, flujo de caja y vitrina en línea.",
        "Muchas emprendedoras tienen producto pero no saben fijar precios ni llevar cuentas.",
        "Talleres semanales; herramientas de plan de negocio y flujo de caja; feria de cierre.",
        (("160", "women trained", "16 weeks"), ("97", "first sales registered", "16 weeks")),
        "Salón de la cámara; cuatro facilitadoras; USD 140 por participante.",
        "El flujo de caja es lo que más valoran: lo siguen usando meses después.",
        "Herramientas simples en español y un espacio de venta al final.",
    ),
    DemoPractice(
        IFT_ORIENTE,
        "Aula móvil de marketing digital para el clúster de turismo de Santander",
        "es",
        "CO",
        S_TOUR,
        "ecommerce",
        ("business_owners",),
        ("marketing digital", "turismo", "redes sociales"),
        "Un aula móvil con portátiles visitó cinco municipios para formar en redes sociales y reservas.",
        "Los operadores de San Gil y Barichara dependían de agencias para vender.",
        "Ruta por municipios; dos días por sede; práctica con la página real de cada negocio.",
        (("143", "businesses trained", "5 months"), ("5", "municipalities", "5 months")),
        "Vehículo adaptado, 20 portátiles y dos instructores.",
        "Practicar con la propia página del negocio multiplica lo aprendido.",
        "Un gremio que convoque y un vehículo con seguro.",
        network=VTI_NETWORK,
    ),
    DemoPractice(
        QUINDIO,
        "Formación dual en cocina para restaurantes del Paisaje Cafetero",
        "es",
        "CO",
        S_REST,
        "hospitality",
        ("young_people",),
        ("formación dual", "gastronomía"),
        "Jóvenes aprenden tres días en restaurantes y dos en la escuela, con un tutor en cada cocina.",
        "Los restaurantes no encuentran cocineros formados y los jóvenes se van a la ciudad.",
        "Convenios con restaurantes; formación de tutores; plan de aprendizaje por puesto.",
        (("62", "apprentices", "1 year"), ("48", "hired at the end", "1 year")),
        "Becas de transporte; formación de 30 tutores.",
        "Formar al tutor del restaurante es tan importante como formar al aprendiz.",
        "Restaurantes dispuestos a firmar convenios de un año.",
    ),
    DemoPractice(
        COOPERATION,
        "Blended training of trainers for ICT-based courses in VTIs",
        "en",
        "EC",
        S_EDU,
        "trainer_training",
        ("trainers",),
        ("training of trainers", "e-learning", "ICT"),
        "Trainers from six VTIs learnt to design short online courses for small businesses, in a virtual "
        "community of practice.",
        "VTIs had platforms but few trainers able to design courses for busy business owners.",
        "Online modules on course design; a pilot course per institution; peer review among VTIs.",
        (("58", "trainers certified", "7 months"), ("6", "pilot courses", "7 months")),
        "Co-funding; a regional coordinator; the VTIs' own platforms.",
        "Peer review between institutions raised the quality of the pilot courses.",
        "Institutional commitment to give trainers time for design.",
        partners=(VTI_EC,),
        network=VTI_NETWORK,
    ),
    DemoPractice(
        CAMARA_SUR,
        "Clínicas de facturación electrónica para MIPYMES turísticas",
        "es",
        "EC",
        S_SERV,
        "entrepreneurship",
        ("business_owners",),
        ("facturación electrónica", "TIC"),
        "Sesiones prácticas de dos horas para emitir facturas electrónicas desde el celular.",
        "La obligación de facturar electrónicamente dejaba fuera a negocios pequeños.",
        "Convocatoria por la cámara; clínicas con el propio teléfono; seguimiento por teléfono.",
        (("310", "businesses attended", "4 months"), ("89", "% issuing invoices after a month", "4 months")),
        "Sala de la cámara y dos técnicos.",
        "Usar el teléfono del propio empresario evita que olvide lo aprendido.",
        "Un sistema de facturación gratuito o barato.",
    ),
    DemoPractice(
        HOTELES_GT,
        "Diagnóstico participativo de necesidades de formación en hoteles",
        "es",
        "GT",
        S_ACC,
        "other",
        ("business_owners",),
        ("diagnóstico", "hoteles"),
        "Un taller de medio día con gerentes para priorizar la formación del año.",
        "Las ofertas de formación no respondían a lo que los hoteles necesitaban.",
        "Dinámica de tarjetas; votación de prioridades; acuerdo con el instituto de formación.",
        (("42", "hotel managers", "1 day"), ("5", "training priorities agreed", "1 day")),
        "Un facilitador y un salón.",
        "Cuando los gerentes eligen, luego asisten.",
        "Un gremio con capacidad de convocatoria.",
    ),
    DemoPractice(
        IMPULSA,
        "Asesoría en flujo de caja para bocadillerías de Vélez",
        "es",
        "CO",
        "manufacturing",
        "entrepreneurship",
        ("business_owners", "women_entrepreneurs"),
        ("flujo de caja", "finanzas"),
        "Acompañamiento de tres meses para llevar un flujo de caja mensual y planear compras de guayaba.",
        "Las fábricas familiares se quedaban sin efectivo en la temporada alta de compras.",
        "Visitas quincenales; plantilla de flujo de caja; revisión del mes con la dueña.",
        (("27", "businesses advised", "3 months"), ("19", "with a monthly cash-flow plan", "3 months")),
        "Un asesor; USD 120 por negocio.",
        "Un mes en negativo visto a tiempo se resuelve con el proveedor.",
        "Disposición de la dueña a anotar ingresos y gastos.",
    ),
    DemoPractice(
        VTI_EC,
        "Virtual English for tourism guides in southern Ecuador",
        "en",
        "EC",
        S_TOUR,
        "tourism_services",
        ("young_people", "employees"),
        ("languages", "e-learning", "guiding"),
        "A 10-week online English course built on real guiding situations in Podocarpus and Saraguro.",
        "Guides lost international clients for lack of basic English.",
        "Weekly live sessions; audio drills on the phone; a final guided tour in English.",
        (("64", "guides trained", "10 weeks"), ("40", "passed the final tour", "10 weeks")),
        "Two teachers; recorded audio; USD 60 per guide.",
        "Practice on the guide's own route beats textbook dialogues.",
        "A stable mobile connection for the live sessions.",
    ),
    DemoPractice(
        INTEFOP,
        "Programa de gestión de la innovación para MIPYMES basado en TIC",
        "es",
        "GT",
        S_SERV,
        "digital_skills",
        ("business_owners",),
        ("innovación", "TIC"),
        "Programa virtual con tutorías para que cada MIPYME diseñe una mejora con tecnología.",
        "Las MIPYMES conocían herramientas digitales pero no sabían por dónde empezar.",
        "Autodiagnóstico; módulos virtuales; proyecto de mejora con tutor; presentación final.",
        (("85", "businesses", "6 months"), ("61", "improvement projects in place", "6 months")),
        "Apoyo de cooperación y del Ministerio de Economía; plataforma del instituto.",
        "El proyecto propio da sentido a los módulos.",
        "Tutores con experiencia empresarial.",
    ),
    DemoPractice(
        CFC_AUSTRO,
        "Marketing digital para cafeterías y restaurantes del centro histórico",
        "es",
        "EC",
        S_REST,
        "ecommerce",
        ("business_owners", "employees"),
        ("marketing digital", "restaurantes"),
        "Taller de cuatro sesiones para fotos de platos, reseñas y pedidos por mensajería.",
        "Los restaurantes pequeños no aparecían en las búsquedas de los turistas.",
        "Sesiones prácticas; perfil en mapas; catálogo por mensajería; medición de pedidos.",
        (("52", "restaurants", "2 months"), ("35", "% more orders by message", "3 months")),
        "Instructor y aula; USD 45 por negocio.",
        "Las reseñas respondidas atraen más que la publicidad pagada.",
        "Negocios con teléfono inteligente.",
    ),
    DemoPractice(
        EMPRESARIAS,
        "Mentoring women exporters of handicrafts",
        "en",
        "CO",
        S_CRAFT,
        "ecommerce",
        ("women_entrepreneurs",),
        ("women", "export", "handicrafts"),
        "Experienced exporters mentor artisans through their first international online order.",
        "Artisan groups received foreign inquiries but did not know how to quote, pack or ship.",
        "Matching; six mentoring sessions; a shipping checklist; the first order accompanied.",
        (("31", "artisan businesses mentored", "6 months"), ("17", "first export orders", "6 months")),
        "Volunteer mentors; USD 2,500 for samples and shipping.",
        "A checklist for packing and customs saves the first order.",
        "Mentors with export experience willing to volunteer.",
    ),
    DemoPractice(
        QUINDIO,
        "Cursos cortos por WhatsApp para meseros y baristas",
        "es",
        "CO",
        S_REST,
        "hospitality",
        ("employees", "young_people"),
        ("microaprendizaje", "mensajería"),
        "Microlecciones diarias con video y una pregunta, durante tres semanas.",
        "El personal de restaurantes trabaja en turnos y no puede ir a clases.",
        "Un mensaje diario; una pregunta de respuesta rápida; certificado por participación.",
        (("230", "workers", "3 weeks"), ("82", "% answered every day", "3 weeks")),
        "Un tutor; costo casi nulo.",
        "Lo breve y diario funciona mejor que lo largo y semanal.",
        "Personal con teléfono y datos.",
        status="submitted",
    ),
    DemoPractice(
        CCT_OCC,
        "Tejido y venta en línea: formación para cooperativas de tejedoras",
        "es",
        "GT",
        S_CRAFT,
        "ecommerce",
        ("women_entrepreneurs", "communities"),
        ("artesanías", "comercio electrónico", "mujeres"),
        "Formación en fotografía, precios y atención en línea para cooperativas de tejedoras.",
        "Las cooperativas vendían solo en ferias y a turistas de paso.",
        "Talleres en la cooperativa; vitrina común; turnos para responder mensajes.",
        (("96", "weavers trained", "8 months"), ("3", "cooperatives selling online", "8 months")),
        "Instructores y celulares prestados por la cooperativa.",
        "Los turnos para responder mensajes reparten el trabajo y la confianza.",
        "Una cooperativa organizada con una persona de enlace.",
    ),
    DemoPractice(
        IFT_ORIENTE,
        "Formación de guías de aventura con simulación en video",
        "es",
        "CO",
        S_TOUR,
        "tourism_services",
        ("young_people",),
        ("guianza", "seguridad", "video"),
        "Videos de situaciones de riesgo en rafting y parapente discutidos en clase antes de la práctica.",
        "Los accidentes en turismo de aventura dañaban la imagen del destino.",
        "Banco de 30 videos; análisis en grupo; práctica con instructores certificados.",
        (("75", "guides certified", "1 year"), ("0", "serious incidents among graduates", "1 year")),
        "Producción de videos; USD 6.000.",
        "Ver el error antes de vivirlo cambia la actitud hacia la seguridad.",
        "Operadores que compartan sus incidentes para los videos.",
    ),
    DemoPractice(
        PATHWAYS,
        "Digital bookkeeping for women-led guesthouses",
        "en",
        "CO",
        S_ACC,
        "digital_skills",
        ("women_entrepreneurs",),
        ("bookkeeping", "women", "ICT"),
        "A free spreadsheet and four workshops so that guesthouse owners know their monthly margin.",
        "Owners mixed household and business money and could not tell if they made a profit.",
        "Workshops; a simple spreadsheet; monthly review calls.",
        (("58", "owners trained", "4 months"), ("41", "keeping monthly books", "6 months")),
        "A trainer and a spreadsheet template.",
        "Separating household and business money is the first, hardest step.",
        "Owners with a phone or computer.",
        status="draft",
    ),
)

COMMENTS = (
    (
        0,
        "carlos.morales",
        "Muy útil. En Guatemala nos pasó lo mismo: **sin un responsable por negocio** la "
        "plataforma se queda vieja.",
    ),
    (1, "ximena.torres", "¿Podrían compartir el temario del curso de marketing estratégico?"),
    (6, "claudia.rueda", "We would like to start two circles in Bucaramanga next year."),
    (5, "carmen.cango", "El cuidado infantil hizo la diferencia en nuestra asociación también."),
    (4, "rosa.quizhpe", "Gracias a la primera venta acompañada ahora vendemos sombreros a Quito."),
)
ENDORSEMENTS = (
    (0, ("carlos.morales", "ximena.torres", "claudia.rueda", "carmen.cango")),
    (1, ("cecilia.crespo", "fernando.celi", "claudia.rueda")),
    (5, ("carmen.cango", "rosa.quizhpe", "yolanda.villamizar")),
    (6, ("luz.pinzon", "adriana.mantilla")),
    (3, ("lucia.valdivieso",)),
    (8, ("oscar.serrano",)),
)
ADOPTIONS = (
    (
        1,
        "byron.mendez",
        "Centro de Capacitación Técnica de Occidente",
        "Aplicamos el taller de detección de necesidades con posadas de Quetzaltenango.",
        "38 gerentes formados en 2 meses; 96 % de satisfacción.",
    ),
    (
        5,
        "rosa.quizhpe",
        "Cooperativa de Tejedoras Flor del Sígsig",
        "Adaptamos los encuentros mensuales con cuidado infantil para las tejedoras del Sígsig.",
        "30 socias terminaron su plan de negocio.",
    ),
    (
        6,
        "adriana.mantilla",
        "",
        "We started one circle of six women in Barichara.",
        "Two joint packages sold in the first season.",
    ),
)

GUIDE_TITLE = "Estrategias de formación basadas en TIC para MIPYMES"
GUIDE_INTRO = (
    "Esta guía recoge la experiencia de institutos de formación profesional que diseñaron estrategias de "
    "formación basadas en TIC con conglomerados de MIPYMES turísticas.\n\nSigue los pasos de la guía "
    "metodológica: identificar el conglomerado, detectar necesidades, definir la estrategia con la "
    "contraparte, formar y evaluar."
)
GUIDE_CHAPTERS = (
    (
        "1. Identificar y seleccionar el conglomerado",
        "Elija con las autoridades de apoyo a la MIPYME un conglomerado con peso en el empleo y con un gremio "
        "que pueda actuar como **contraparte**.\n\n- Peso en la economía local\n- Número de MIPYMES\n- Gremio "
        "dispuesto a convocar",
    ),
    (
        "2. Detectar las necesidades de formación",
        "Un taller participativo con los empresarios da prioridades que luego se cumplen: cuando los gerentes "
        "eligen, asisten.",
    ),
    (
        "3. Definir la estrategia con la contraparte",
        "Acuerde modalidad (virtual, mixta, mensajería), horarios y evaluación. Ofrezca nivelación en el uso de "
        "TIC antes de los cursos.",
    ),
    (
        "4. Formar, acompañar y evaluar",
        "Mida satisfacción, aplicación en el negocio y resultados con indicadores: número, unidad y período.",
    ),
)
GUIDE_PRACTICES = (1, 0, 12, 10)  # indices into PRACTICES, placed after the chapters
