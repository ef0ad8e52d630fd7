"""The search page: one form (words, type, country, sector), ranked results with highlighted snippets."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.ratelimit import ratelimit
from community.search import selectors
from community.search.backends import query_terms
from community.search.forms import SearchForm
from community.search.results import hits_for

PAGE_SIZE = 20


@ratelimit(key="search", rate=lambda: settings.SEARCH_RATE)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    hits = []
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        documents = selectors.search_documents(
            user=request.user,
            query=data["q"],
            kind=data["kind"],
            country=data["country"],
            sector=data["sector"],
        )
        page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
        hits = hits_for(page.object_list, query_terms(data["q"]))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "search/search.html", {"form": form, "page": page, "hits": hits, "query": query.urlencode()}
    )
