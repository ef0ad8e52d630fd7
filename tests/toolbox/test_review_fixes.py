"""Holes found in review: exports that a spreadsheet or a Markdown viewer would run, an import whose
values the model refuses, and the index page's query count."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.toolbox import services
from community.toolbox.models import CashFlowLine, CashFlowProjection
from tests.factories import BusinessPlanFactory, UserFactory

pytestmark = pytest.mark.django_db

MONTHS_2026 = ",".join(f"2026-{m:02d}" for m in range(1, 13))
HEADER = f"type,category,name,amount,from_month,until_month,{MONTHS_2026}"


def _projection(author, name):
    projection = services.cashflow_create(
        actor=author, title="Lodge", start_month=date(2026, 1, 1), opening_balance=D("1500")
    )
    services.cashflow_line_create(
        projection=projection, actor=author, kind="income", category="sales", name=name,
        repeat_amount=D("100"), repeat_from=None, repeat_until=None, amounts={},
    )  # fmt: skip
    return projection


def test_csv_export_defuses_a_line_name_a_spreadsheet_would_run_as_a_formula(author, login):
    projection = _projection(author, '=HYPERLINK("http://evil.example","Rooms")')
    body = login(author).get(f"/toolbox/cashflow/{projection.pk}/export.csv").content.decode()
    row = next(line for line in body.splitlines() if line.startswith("income,"))
    assert "'=HYPERLINK" in row
    assert ',"=HYPERLINK' not in row and ",=HYPERLINK" not in row


def test_a_defused_name_comes_back_as_typed_after_export_and_import(author, login):
    projection = _projection(author, "+Extra sales")
    client = login(author)
    exported = client.get(f"/toolbox/cashflow/{projection.pk}/export.csv").content
    response = client.post(
        f"/toolbox/cashflow/{projection.pk}/import/",
        {"file": SimpleUploadedFile("flujo.csv", exported, "text/csv")},
    )
    assert response.status_code == 302
    assert list(CashFlowLine.objects.filter(projection=projection).values_list("name", flat=True)) == [
        "+Extra sales"
    ]


def test_an_import_the_model_refuses_is_reported_not_a_server_error(author, login):
    projection = _projection(author, "Rooms")
    content = f"{HEADER}\nopening_balance,,,99999999999999,,\nincome,sales,Rooms,100,,\n".encode()
    response = login(author).post(
        f"/toolbox/cashflow/{projection.pk}/import/",
        {"file": SimpleUploadedFile("flujo.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    projection.refresh_from_db()
    assert projection.opening_balance == D("1500")


def test_markdown_export_does_not_pass_raw_html_through(author, login):
    plan = BusinessPlanFactory(
        owner=author,
        title="Lodge\n<img src=x onerror=alert(1)>",
        summary='Our lodge <script>alert("x")</script> & more',
    )
    body = login(author).get(f"/toolbox/plans/{plan.pk}/plan.md").content.decode()
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;" in body and "&amp; more" in body
    assert body.startswith("# Lodge &lt;img")  # the title stays one heading line


def test_index_page_query_count_does_not_grow_with_tools(author, login, django_assert_num_queries):
    for _n in range(4):
        plan = BusinessPlanFactory(owner=author)
        plan.shares.create(user=UserFactory())
        BusinessPlanFactory(owner=UserFactory()).shares.create(user=author)
    client = login(author)
    client.get("/toolbox/")
    # session, user, unread notifications, then one query per kind of tool (owner and organisation joined)
    with django_assert_num_queries(6):
        assert client.get("/toolbox/").status_code == 200
    assert CashFlowProjection.objects.count() == 0
