"""Starting points ("start from an example"): a small lodge and a handicraft association, in Spanish
and in English. They are content the member then edits, so they are written out in both languages
rather than translated through the catalogue.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

EXAMPLE_CHOICES = [
    ("", _("Start empty")),
    ("lodge", _("Example: a small lodge (tourism)")),
    ("handicrafts", _("Example: a handicraft association")),
]

PLANS: dict[str, dict[str, dict[str, str]]] = {
    "lodge": {
        "es": {
            "title": "Plan de negocio – Lodge del bosque nublado",
            "summary": "Lodge familiar de seis habitaciones a la entrada del Parque Nacional Podocarpus, "
            "para observadores de aves y caminantes. Pedimos USD 12.000 para construir dos habitaciones "
            "más y llegar al 60 % de ocupación en el segundo año.",
            "product": "- Habitación doble con desayuno: USD 45 la noche.\n- Caminata guiada de observación "
            "de aves al amanecer: USD 20 por persona.\n- Almuerzo y cena con productos de la finca.",
            "market": "El parque recibe unos 14.000 visitantes al año; el 40 % son extranjeros que se quedan "
            "dos noches o más y buscan lugares tranquilos cerca de los senderos.",
            "competition": "Dos hostales en Zamora (más baratos, pero lejos de los senderos) y un hotel "
            "grande en Loja. Nuestra ventaja: dormir dentro del bosque y guía especializado en aves.",
            "marketing": "Página de vitrina en Minga, Instagram con fotos de colibríes, dos agencias de "
            "Loja con comisión del 10 % y un stand en la feria regional de turismo.",
            "operations": "Abierto todo el año. Agua de vertiente tratada, paneles solares, compras "
            "semanales en el mercado de Zamora. Permiso de funcionamiento y registro de turismo al día.",
            "team": "El propietario, biólogo, guía las caminatas; su hermana dirige la cocina; un guía "
            "local se suma en temporada alta.",
            "finances": "Inversión de USD 12.000 (crédito de 8.000 y 4.000 propios). Con 50 % de ocupación "
            "a USD 45 la noche cubrimos costos desde el quinto mes. Ver la proyección de flujo de caja.",
        },
        "en": {
            "title": "Business plan – Cloud forest lodge",
            "summary": "A six-room family lodge at the entrance of Podocarpus National Park, for "
            "birdwatchers and hikers. We ask for USD 12,000 to build two more rooms and reach 60% occupancy "
            "in year two.",
            "product": "- Double room with breakfast: USD 45 a night.\n- Guided dawn birdwatching walk: "
            "USD 20 per person.\n- Lunch and dinner with produce from the farm.",
            "market": "About 14,000 people visit the park each year; 40% are foreigners who stay two nights "
            "or more and look for quiet places near the trails.",
            "competition": "Two hostels in Zamora (cheaper, but far from the trails) and a large hotel in "
            "Loja. Our edge: sleeping inside the forest and a guide who specialises in birds.",
            "marketing": "Our Minga showcase page, Instagram with photos of the hummingbirds, two agencies "
            "in Loja with a 10% commission and a stand at the regional tourism fair.",
            "operations": "Open all year. Treated spring water, solar panels, weekly shopping at the Zamora "
            "market. Operating permit and tourism registration up to date.",
            "team": "The owner, a biologist, guides the walks; his sister runs the kitchen; a local guide "
            "joins in the high season.",
            "finances": "Investment of USD 12,000 (a loan of 8,000 and 4,000 of our own). At 50% occupancy "
            "and USD 45 a night we cover our costs from the fifth month. See the cash-flow projection.",
        },
    },
    "handicrafts": {
        "es": {
            "title": "Plan de negocio – Asociación de artesanas",
            "summary": "Dieciocho artesanas que elaboran bisutería de mullos con diseños tradicionales. "
            "Queremos vender en línea y en dos tiendas de Cuenca, y duplicar las ventas en un año.",
            "product": "Collares, aretes y manillas de mullos hechos a mano; cada pieza firmada y con una "
            "tarjeta que explica el significado de sus diseños. Precios de USD 8 a 60.",
            "market": "Turistas que visitan la zona, tiendas de comercio justo y compradores en línea de "
            "Ecuador y del extranjero interesados en piezas con historia.",
            "competition": "Puestos de mercado que venden bisutería hecha en serie, más barata. Nuestras "
            "piezas son únicas, certificadas por la asociación y se venden con la historia de su autora.",
            "marketing": "Página de vitrina en Minga, Facebook e Instagram, WhatsApp para pedidos, ferias "
            "de emprendedoras y acuerdos con dos tiendas de Cuenca.",
            "operations": "Cada artesana trabaja en casa; los mullos se compran cada mes a un proveedor de "
            "Cuenca; la asociación revisa cada pieza antes de venderla y lleva el inventario.",
            "team": "La coordinadora (ventas y cuentas), dos artesanas maestras que forman a las jóvenes, "
            "y el apoyo de la cámara de comercio para el plan de exportación.",
            "finances": "Necesitamos USD 3.000 para materiales y fotografías de catálogo. Con 120 piezas "
            "al mes a un precio medio de USD 18 cubrimos los costos y pagamos a cada artesana por pieza.",
        },
        "en": {
            "title": "Business plan – Women artisans' association",
            "summary": "Eighteen women who make beadwork jewellery with traditional designs. We want to sell "
            "online and in two shops in Cuenca, and double our sales in a year.",
            "product": "Handmade beadwork necklaces, earrings and bracelets; each piece signed and sold with "
            "a card explaining the meaning of its patterns. Prices from USD 8 to 60.",
            "market": "Tourists visiting the area, fair-trade shops, and online buyers in Ecuador and abroad "
            "who look for pieces with a story.",
            "competition": "Market stalls selling cheaper mass-made jewellery. Our pieces are unique, "
            "certified by the association and sold with the story of their maker.",
            "marketing": "Our Minga showcase page, Facebook and Instagram, WhatsApp for orders, women "
            "entrepreneurs' fairs and agreements with two shops in Cuenca.",
            "operations": "Each artisan works at home; beads are bought every month from one supplier in "
            "Cuenca; the association checks every piece before it is sold and keeps the stock.",
            "team": "The coordinator (sales and accounts), two master artisans who train the young women, "
            "and the chamber of commerce's support for the export plan.",
            "finances": "We need USD 3,000 for materials and catalogue photos. With 120 pieces a month at "
            "an average price of USD 18 we cover our costs and pay each artisan per piece.",
        },
    },
}

# kind, category, name (es, en), repeating amount, from, until, per-month amounts {month: amount}
CashLine = tuple[str, str, tuple[str, str], Decimal | None, int | None, int | None, dict[int, Decimal]]

_D = Decimal
CASHFLOWS: dict[str, dict[str, Any]] = {
    "lodge": {
        "title": ("Flujo de caja – Lodge del bosque nublado", "Cash flow – Cloud forest lodge"),
        "opening_balance": _D("1500"),
        "lines": [
            ("income", "sales", ("Habitaciones", "Room nights"), _D("2200"), None, None,
             {6: _D("3400"), 7: _D("3800"), 8: _D("3600"), 12: _D("3000")}),
            ("income", "services", ("Caminatas guiadas", "Guided walks"), _D("400"), None, None,
             {7: _D("700"), 8: _D("700")}),
            ("income", "loans_received", ("Crédito de la cooperativa", "Cooperative loan"), None, None, None,
             {4: _D("8000")}),
            ("expense", "wages", ("Sueldos", "Wages"), _D("1100"), None, None, {}),
            ("expense", "materials", ("Alimentos y limpieza", "Food and cleaning"), _D("650"), None, None,
             {}),
            ("expense", "utilities", ("Luz, agua e internet", "Power, water and internet"), _D("120"),
             None, None, {}),
            ("expense", "equipment", ("Construcción de dos habitaciones", "Building two rooms"), None, None,
             None, {3: _D("6000"), 4: _D("4500")}),
            ("expense", "loan_repayments", ("Cuota del crédito", "Loan repayment"), _D("380"), 5, None, {}),
            ("expense", "marketing", ("Publicidad y feria", "Advertising and fair"), _D("60"), None, None,
             {5: _D("350")}),
        ],
    },
    "handicrafts": {
        "title": ("Flujo de caja – Asociación de artesanas", "Cash flow – Women artisans' association"),
        "opening_balance": _D("800"),
        "lines": [
            ("income", "sales", ("Ventas en ferias y tiendas", "Sales at fairs and shops"), _D("1700"),
             None, None, {7: _D("2600"), 8: _D("2600"), 12: _D("3200")}),
            ("income", "sales", ("Ventas en línea", "Online sales"), _D("300"), 3, None, {}),
            ("income", "grants", ("Fondo de emprendimiento", "Enterprise fund"), None, None, None,
             {1: _D("3000")}),
            ("expense", "materials", ("Mullos e hilos", "Beads and thread"), _D("520"), None, None, {}),
            ("expense", "wages", ("Pago a las artesanas", "Pay to the artisans"), _D("1100"), None, None,
             {7: _D("1500"), 8: _D("1500"), 12: _D("1800")}),
            ("expense", "marketing", ("Fotos del catálogo", "Catalogue photos"), None, None, None,
             {2: _D("600")}),
            ("expense", "transport", ("Viajes a ferias", "Travel to fairs"), _D("90"), None, None, {}),
        ],
    },
}  # fmt: skip

MARKETING: dict[str, dict[str, Any]] = {
    "lodge": {
        "es": {
            "title": "Plan de marketing – Lodge del bosque nublado",
            "target_customers": "Observadores de aves de Europa y Norteamérica (35-65 años) y familias "
            "ecuatorianas que visitan el parque en feriados.",
            "offer": "Paquete de dos noches con caminata de aves al amanecer y comida de la finca.",
            "price": "USD 45 la noche en habitación doble; paquete de dos noches a USD 120; 10 % de "
            "comisión para agencias.",
            "channel_notes": "Vitrina en Minga con fotos y tarifas; Instagram tres veces por semana; "
            "WhatsApp Business para reservas.",
        },
        "en": {
            "title": "Marketing plan – Cloud forest lodge",
            "target_customers": "Birdwatchers from Europe and North America (aged 35-65) and Ecuadorian "
            "families who visit the park on public holidays.",
            "offer": "Two-night package with a dawn birdwatching walk and meals from the farm.",
            "price": "USD 45 a night for a double room; two-night package at USD 120; 10% commission for "
            "agencies.",
            "channel_notes": "Minga showcase page with photos and rates; Instagram three times a week; "
            "WhatsApp Business for bookings.",
        },
        "channels": ["showcase", "instagram", "whatsapp", "booking_sites", "fairs"],
        "planned_budget": _D("900"),
        # month offset, day, action (es, en), channel, cost
        "actions": [
            (0, 10, ("Fotos profesionales de las habitaciones", "Professional photos of the rooms"),
             "showcase", _D("150")),
            (1, 5, ("Publicar la tarifa de temporada en la vitrina", "Publish the season's rates on the "
             "showcase"), "showcase", _D("0")),
            (1, 20, ("Campaña de Instagram: colibríes", "Instagram campaign: hummingbirds"), "instagram",
             _D("120")),
            (3, 15, ("Stand en la feria regional de turismo", "Stand at the regional tourism fair"), "fairs",
             _D("350")),
            (4, 1, ("Acuerdo con dos agencias de Loja", "Agreement with two agencies in Loja"),
             "booking_sites", _D("0")),
        ],
    },
    "handicrafts": {
        "es": {
            "title": "Plan de marketing – Asociación de artesanas",
            "target_customers": "Turistas que visitan Saraguro, tiendas de comercio justo y compradores en "
            "línea que buscan piezas con historia.",
            "offer": "Bisutería de mullos hecha a mano, firmada, con tarjeta sobre el significado del "
            "diseño.",
            "price": "De USD 8 (aretes) a USD 60 (collares de gala); 30 % de descuento a tiendas.",
            "channel_notes": "Vitrina en Minga con el catálogo; Facebook e Instagram; pedidos por WhatsApp.",
        },
        "en": {
            "title": "Marketing plan – Women artisans' association",
            "target_customers": "Tourists visiting Saraguro, fair-trade shops and online buyers looking "
            "for pieces with a story.",
            "offer": "Handmade, signed beadwork jewellery with a card about the meaning of its design.",
            "price": "From USD 8 (earrings) to USD 60 (festive necklaces); 30% discount for shops.",
            "channel_notes": "Minga showcase page with the catalogue; Facebook and Instagram; orders by "
            "WhatsApp.",
        },
        "channels": ["showcase", "facebook", "instagram", "whatsapp", "fairs"],
        "planned_budget": _D("600"),
        "actions": [
            (0, 15, ("Fotografías del catálogo", "Catalogue photographs"), "showcase", _D("250")),
            (1, 1, ("Subir el catálogo a la vitrina de Minga", "Upload the catalogue to the Minga showcase"),
             "showcase", _D("0")),
            (2, 8, ("Feria de mujeres emprendedoras", "Women entrepreneurs' fair"), "fairs", _D("180")),
            (3, 1, ("Publicaciones semanales en Facebook", "Weekly Facebook posts"), "facebook", _D("60")),
        ],
    },
}  # fmt: skip


def language_index(language: str) -> int:
    return 0 if language == "es" else 1
