"""Search timings on PostgreSQL: p50/p95 of searches through the search backend, and the ratio against a
raw SQL tsquery on the same rows in the same run (targets: p95 <= 50 ms, ratio >= 0.8).

Run alone with `make bench-search` and DATABASE_URL pointing at a PostgreSQL server: it creates its
own database `minga_bench` there, fills 100,000 index documents (forum posts and practices, some in
public, private and hidden networks), and drops the database at the end. Prints figures only.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

BENCH_DB = "minga_bench"
MEMBER_EMAIL = "bench-member@example.org"
DOCUMENTS = 100_000
RUNS = 25
WARMUP = 3
QUERIES = [
    "formacion",
    "turismo comunitario",
    "cacao",
    "mujeres emprendedoras",
    "capacitacion virtual",
    "comercio electronico",
    "artesania textil",
    "palabra1234",
]
VOCABULARY = [
    "formación",
    "capacitación",
    "virtual",
    "presencial",
    "turismo",
    "comunitario",
    "cacao",
    "café",
    "artesanía",
    "textil",
    "mujeres",
    "emprendedoras",
    "jóvenes",
    "docentes",
    "instituto",
    "cámara",
    "comercio",
    "electrónico",
    "ventas",
    "hostal",
    "hospedaje",
    "guía",
    "ruta",
    "aviturismo",
    "cocina",
    "restaurante",
    "contabilidad",
    "marketing",
    "redes",
    "sociales",
    "plataforma",
    "curso",
    "módulo",
    "taller",
    "práctica",
    "experiencia",
    "resultado",
    "indicador",
    "proyecto",
    "red",
    "clúster",
    "asociación",
    "cooperativa",
    "crédito",
    "exportación",
    "mercado",
    "feria",
    "calidad",
    "certificación",
    "seguridad",
    "higiene",
    "inglés",
    "idiomas",
    "atención",
    "cliente",
    "training",
    "online",
    "tourism",
    "women",
    "entrepreneurs",
    "business",
    "plan",
    "cash",
    "flow",
    "lodge",
    "handicraft",
    "teachers",
]


def _words(rng: random.Random, count: int) -> str:
    # A Zipf-like mix: common domain words and a long tail of rare ones, as real text has.
    words = []
    for _ in range(count):
        if rng.random() < 0.7:
            words.append(VOCABULARY[min(int(rng.paretovariate(1.2)) - 1, len(VOCABULARY) - 1)])
        else:
            words.append(f"palabra{rng.randint(1, 20000)}")
    return " ".join(words)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _time(*runs) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """Timings of each run, taken in turn and in alternating order (a b, b a, a b, ...) so that each
    sees the same machine and follows the others as often."""
    for _ in range(WARMUP):
        for run in runs:
            run()
    timings: list[list[float]] = [[] for _ in runs]
    for n in range(RUNS):
        order = list(zip(runs, timings, strict=True))
        for run, times in order if n % 2 == 0 else reversed(order):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
    return timings


def fill() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from community.search.backends import get_backend
    from community.search.indexing import refresh_public
    from community.search.models import DocumentKind
    from forums.models import Category, Post
    from networks.models import Network, NetworkMembership, Visibility

    rng = random.Random(42)
    networks = [
        Network.objects.create(name=f"Red {visibility}", slug=f"red-{visibility}", visibility=visibility)
        for visibility in (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN)
    ]
    # The signed-in searcher of measure(): a member of the private network.
    member = get_user_model().objects.create_user(MEMBER_EMAIL, None, display_name="Bench member")
    NetworkMembership.objects.create(network=networks[1], user=member)
    categories = [Category.objects.create(name="General", slug="general")] + [
        Category.objects.create(name=f"Foro {n.name}", slug=f"foro-{n.slug}", network=n) for n in networks
    ]
    post_type = ContentType.objects.get_for_model(Post)
    practice_type = ContentType.objects.get_by_natural_key("library", "practice")
    now = timezone.now()
    started = time.perf_counter()
    columns = (
        "content_type_id, object_id, kind, title, parent_title, keywords, body, country, sector, url, "
        "network_id, category_id, moderators_only, updated_at, public"
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(  # type: ignore[attr-defined]
            f"COPY search_searchdocument ({columns}) FROM STDIN"
        ) as copy,
    ):
        for n in range(DOCUMENTS):
            is_post = n % 2 == 0
            category = categories[n % len(categories)] if is_post else None
            network = category.network if category else (networks[n % 3] if n % 5 == 1 else None)
            copy.write_row(
                (
                    post_type.pk if is_post else practice_type.pk,
                    n,
                    DocumentKind.POST.value if is_post else DocumentKind.PRACTICE.value,
                    "" if is_post else _words(rng, rng.randint(4, 9)),
                    _words(rng, 6) if is_post else "",
                    "" if is_post else _words(rng, 5),
                    _words(rng, rng.randint(30, 150)),
                    rng.choice(["EC", "CO", "GT", ""]),
                    rng.choice(["education", "tourism_accommodation", "agriculture", ""]),
                    f"/x/{n}/",
                    network.pk if network else None,
                    category.pk if category else None,
                    is_post and n % 97 == 0,
                    now,
                    False,  # worked out below, as the services do
                )
            )
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    get_backend().refresh_all()
    vectors = time.perf_counter() - started
    started = time.perf_counter()
    refresh_public()
    flags = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Setting the flags moved two thirds of the rows to the end of the table, the public ones
        # together, which would favour the backend's walk over public rows: put every row back in id
        # order (the order they were written in), as the baseline had it before the flags existed.
        cursor.execute("CLUSTER search_searchdocument USING search_searchdocument_pkey")
        cursor.execute("VACUUM ANALYZE search_searchdocument")
    print(
        f"filled {DOCUMENTS} documents: insert {inserted:.1f} s, search vectors {vectors:.1f} s, "
        f"public flags {flags:.1f} s"
    )


def measure() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from community.search.selectors import search_documents

    anonymous = AnonymousUser()
    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    # The same plan the backend uses (rank the 1,000 most recent matches), written by hand, with no
    # visibility rule at all: the ratio measures what the ORM and the visibility rule (for a visitor:
    # the public flag, whose rows are sparser than all rows) cost.
    raw_sql = (
        "SELECT id, title, ts_rank(search_vector, query) AS rank FROM search_searchdocument, "
        "(SELECT plainto_tsquery('minga_es', %s) || plainto_tsquery('minga_en', %s) AS query) AS q "
        "WHERE id IN (SELECT id FROM search_searchdocument, "
        "(SELECT plainto_tsquery('minga_es', %s) || plainto_tsquery('minga_en', %s) AS query) AS q2 "
        "WHERE search_vector @@ q2.query "
        "ORDER BY updated_at DESC, id DESC LIMIT 1000) ORDER BY rank DESC LIMIT 20"
    )
    # For reference: the same, returning the columns a result shows (the backend reads them for the
    # page's titles, links and snippets; the baseline above returns ids and titles only).
    wide_sql = raw_sql.replace(
        "SELECT id, title, ts_rank",
        "SELECT id, kind, title, parent_title, keywords, body, country, sector, url, ts_rank",
        1,
    )
    # For reference: the baseline over public rows only (the visitor's flag, written by hand).
    public_sql = raw_sql.replace(
        "WHERE search_vector @@ q2.query", "WHERE public AND search_vector @@ q2.query"
    )
    # For reference: ranking every match, the plain way.
    full_sql = (
        "SELECT id, title, ts_rank(search_vector, query) AS rank FROM search_searchdocument, "
        "(SELECT plainto_tsquery('minga_es', %s) || plainto_tsquery('minga_en', %s) AS query) AS q "
        "WHERE search_vector @@ query ORDER BY rank DESC LIMIT 20"
    )
    full_all: list[float] = []
    public_all: list[float] = []
    wide_all: list[float] = []
    backend_all: list[float] = []
    raw_all: list[float] = []
    member_all: list[float] = []
    print(
        f"{'query':<24}{'backend p50':>12}{'p95':>8}{'raw p50':>10}{'p95':>8}{'member p50':>12}{'matches':>9}"
    )
    for query in QUERIES:

        def backend(query: str = query) -> None:
            list(search_documents(user=anonymous, query=query)[:20])

        def signed_in(query: str = query) -> None:
            list(search_documents(user=member, query=query)[:20])

        def raw(query: str = query) -> None:
            with connection.cursor() as cursor:
                cursor.execute(raw_sql, [query, query, query, query])
                cursor.fetchall()

        def wide(query: str = query) -> None:
            with connection.cursor() as cursor:
                cursor.execute(wide_sql, [query, query, query, query])
                cursor.fetchall()

        def public(query: str = query) -> None:
            with connection.cursor() as cursor:
                cursor.execute(public_sql, [query, query, query, query])
                cursor.fetchall()

        def full(query: str = query) -> None:
            with connection.cursor() as cursor:
                cursor.execute(full_sql, [query, query])
                cursor.fetchall()

        backend_times, raw_times, wide_times, public_times = _time(backend, raw, wide, public)
        wide_all += wide_times
        public_all += public_times
        member_times, full_times = _time(signed_in, full)
        full_all += full_times
        backend_all += backend_times
        raw_all += raw_times
        member_all += member_times
        matches = search_documents(user=anonymous, query=query).count()
        b50, b95 = statistics.median(backend_times), _percentile(backend_times, 0.95)
        r50, r95 = statistics.median(raw_times), _percentile(raw_times, 0.95)
        m50 = statistics.median(member_times)
        print(f"{query:<24}{b50:>10.1f}ms{b95:>6.1f}ms{r50:>8.1f}ms{r95:>6.1f}ms{m50:>10.1f}ms{matches:>9}")
    p50, p95 = statistics.median(backend_all), _percentile(backend_all, 0.95)
    raw_p50, raw_p95 = statistics.median(raw_all), _percentile(raw_all, 0.95)
    print(
        f"search through the backend (anonymous, first page): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        "(target p95 <= 50)"
    )
    print(f"raw SQL tsquery, same rows:                        p50 {raw_p50:.1f} ms, p95 {raw_p95:.1f} ms")
    print(f"ratio raw/backend: p50 {raw_p50 / p50:.2f}, p95 {raw_p95 / p95:.2f} (target >= 0.8)")
    member_p50, member_p95 = statistics.median(member_all), _percentile(member_all, 0.95)
    print(
        f"for reference, a signed-in member of the private network: p50 {member_p50:.1f} ms, "
        f"p95 {member_p95:.1f} ms; ratio raw/member p50 {raw_p50 / member_p50:.2f}, "
        f"p95 {raw_p95 / member_p95:.2f}"
    )
    wide_p50, wide_p95 = statistics.median(wide_all), _percentile(wide_all, 0.95)
    print(
        f"for reference, raw SQL returning a result's columns: p50 {wide_p50:.1f} ms, p95 {wide_p95:.1f} ms; "
        f"ratio to the backend p50 {wide_p50 / p50:.2f}, p95 {wide_p95 / p95:.2f}"
    )
    public_p50, public_p95 = statistics.median(public_all), _percentile(public_all, 0.95)
    print(
        f"for reference, raw SQL over public rows only: p50 {public_p50:.1f} ms, p95 {public_p95:.1f} ms; "
        f"ratio to the backend p50 {public_p50 / p50:.2f}, p95 {public_p95 / p95:.2f}"
    )
    full_p50, full_p95 = statistics.median(full_all), _percentile(full_all, 0.95)
    print(f"for reference, raw SQL ranking every match:        p50 {full_p50:.1f} ms, p95 {full_p95:.1f} ms")


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/search.py needs DATABASE_URL pointing at a PostgreSQL server.")
        return 2
    parsed = urlparse(url)
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        os.environ["DATABASE_URL"] = parsed._replace(path=f"/{BENCH_DB}").geturl()
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        fill()
        measure()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
