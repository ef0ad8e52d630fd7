"""GET /api/v1/search: the search page's results as JSON, for whoever calls (token, session or nobody)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from community.apibase import Error, optional_user
from community.organisations.models import Sector
from community.ratelimit import check_rate, client_ip
from community.search import selectors
from community.search.backends import query_terms
from community.search.forms import MAX_QUERY_LENGTH
from community.search.models import DocumentKind
from community.search.results import hits_for

router = Router(tags=["search"])
PAGE_SIZE = 20


class SearchFilter(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="Words to find (all of them)")
    kind: DocumentKind | None = None
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code")
    sector: Sector | None = None
    page: int = Field(1, ge=1)


class SearchHitOut(Schema):
    kind: DocumentKind
    title: str
    title_html: str = Field(..., description="The title, escaped, with the matched words in <mark>")
    snippet_html: str = Field(..., description="An escaped extract with the matched words in <mark>")
    url: str
    country: str
    sector: str


class SearchPageOut(Schema):
    items: list[SearchHitOut]
    count: int


@router.get("/search", response={200: SearchPageOut, 422: Error, 429: Error})
def search(request: HttpRequest, filters: Query[SearchFilter]) -> dict[str, object]:
    """Ranked results with highlighted snippets; 429 with Retry-After past settings.SEARCH_RATE."""
    user = optional_user(request)
    who = f"u{user.pk}" if user.is_authenticated else f"ip{client_ip(request)}"
    check_rate(f"search:{who}", settings.SEARCH_RATE)
    documents = selectors.search_documents(
        user=user,
        query=filters.q,
        kind=filters.kind or "",
        country=filters.country.upper(),
        sector=filters.sector or "",
    )
    paginator = Paginator(documents, PAGE_SIZE)
    page = paginator.page(min(filters.page, paginator.num_pages))
    hits = hits_for(page.object_list, query_terms(filters.q))
    return {
        "items": [
            {
                "kind": hit.kind,
                "title": hit.title,
                "title_html": str(hit.title_html),
                "snippet_html": str(hit.snippet_html),
                "url": request.build_absolute_uri(hit.url),
                "country": hit.country,
                "sector": hit.sector,
            }
            for hit in hits
        ],
        "count": paginator.count,
    }
