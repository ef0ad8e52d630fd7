"""The business plan's guided sections: what each asks for, with a short example from tourism or crafts."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    guidance: Promise
    example: Promise


SECTIONS: tuple[Section, ...] = (
    Section(
        "summary",
        _("Summary"),
        _(
            "In a few lines: what the business does, for whom, why it will succeed and how much money it "
            "needs. Write it last, when the other sections are done."
        ),
        _(
            "Example (lodge): A six-room family lodge at the entrance of Podocarpus National Park for "
            "birdwatchers and hikers. We ask for USD 12,000 to build two more rooms and reach 60% occupancy."
        ),
    ),
    Section(
        "product",
        _("Product or service"),
        _(
            "Describe what you sell: each product or service, what makes it different, and how it is made "
            "or delivered."
        ),
        _(
            "Example (handicrafts): Saraguro beadwork necklaces, earrings and bracelets made by hand by "
            "eighteen women, each piece signed and with a card explaining the meaning of its patterns."
        ),
    ),
    Section(
        "market",
        _("Market and customers"),
        _(
            "Who buys, where they live, how many there are, what they need and how much they spend. Use "
            "figures from visitors' statistics, fairs or your own sales."
        ),
        _(
            "Example (lodge): 14,000 people visit the park each year; 40% are foreigners who stay two nights "
            "or more and look for quiet places near the trails."
        ),
    ),
    Section(
        "competition",
        _("Competition"),
        _("Who else sells to your customers, their prices and strengths, and why customers will choose you."),
        _(
            "Example (handicrafts): Market stalls in Otavalo sell cheaper beadwork made in series; our "
            "pieces are unique, certified by the association, and sold with the story of their maker."
        ),
    ),
    Section(
        "marketing",
        _("Marketing"),
        _(
            "How customers will hear about you and buy: channels (your showcase page on Minga, social "
            "networks, agencies, fairs), prices, promotions. The marketing plan tool helps with the detail."
        ),
        _(
            "Example (lodge): Our Minga showcase page and Instagram with photos of the hummingbirds, two "
            "agencies in Loja with a 10% commission, and a stand at the regional tourism fair."
        ),
    ),
    Section(
        "operations",
        _("Operations"),
        _(
            "Where and how you work: premises, equipment, suppliers, opening hours, quality and safety, "
            "permits."
        ),
        _(
            "Example (handicrafts): Each artisan works at home; glass beads are bought every month from one "
            "supplier in Cuenca; the association checks every piece before it is sold."
        ),
    ),
    Section(
        "team",
        _("Team"),
        _("Who does what, their experience, who you will hire, and who advises you (e.g. your chamber)."),
        _(
            "Example (lodge): The owner, a biologist, guides the birdwatching walks; his sister runs the "
            "kitchen; a local guide joins in the high season."
        ),
    ),
    Section(
        "finances",
        _("Finances"),
        _(
            "How much you need to start or grow, where the money comes from, the prices and costs, and "
            "when you break even. Attach your cash-flow projection."
        ),
        _(
            "Example (lodge): Investment USD 12,000 (loan of 8,000 and own funds of 4,000). With 50% "
            "occupancy at USD 45 a night the lodge covers its costs from the fifth month."
        ),
    ),
)

SECTION_KEYS = tuple(section.key for section in SECTIONS)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
