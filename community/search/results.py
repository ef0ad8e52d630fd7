"""Search rows turned into what pages and the API show: labels, highlighted title and snippet."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django_countries import countries

from community.organisations.models import Sector
from community.search.compiled import FoundDocument
from community.search.models import DocumentKind
from community.search.snippets import best_snippet, highlight


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    country: str
    country_name: str
    sector: str
    sector_label: str


def hits_for(documents: Iterable[FoundDocument], terms: list[str]) -> list[Hit]:
    kinds = dict(DocumentKind.choices)
    sectors = dict(Sector.choices)
    return [
        Hit(
            kind=document.kind,
            kind_label=str(kinds.get(document.kind, document.kind)),
            title=document.display_title,
            title_html=highlight(document.display_title, terms, length=None),
            snippet_html=best_snippet([document.body, document.keywords], terms),
            url=document.url,
            country=document.country,
            country_name=str(countries.name(document.country)) if document.country else "",
            sector=document.sector,
            sector_label=str(sectors.get(document.sector, document.sector)) if document.sector else "",
        )
        for document in documents
    ]
