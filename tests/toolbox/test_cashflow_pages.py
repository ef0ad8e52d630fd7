"""Cash-flow pages: create, lines, settings, the chart with its text alternative, warnings, queries."""

import re
from datetime import date
from decimal import Decimal as D

from community.toolbox import services
from community.toolbox.models import CashFlowLine, CashFlowProjection
from tests.factories import CashFlowProjectionFactory


def _line(projection, author, **fields):
    defaults = {"repeat_amount": None, "repeat_from": None, "repeat_until": None, "amounts": {}}
    return services.cashflow_line_create(projection=projection, actor=author, **{**defaults, **fields})


def test_a_small_business_builds_a_12_month_projection(author, login):
    client = login(author)

    created = client.post(
        "/toolbox/cashflow/new/",
        {"title": "Hostal 2026", "owner": "me", "language": "es", "example": "", "months": "12",
         "start_month": "2026-01", "opening_balance": "1000", "currency": "USD"},
    )  # fmt: skip
    projection = CashFlowProjection.objects.get()
    line = client.post(
        f"/toolbox/cashflow/{projection.pk}/lines/new/",
        {"kind": "income", "category": "sales", "name": "Rooms", "repeat_amount": "2000", "m7": "3500"},
    )
    client.post(
        f"/toolbox/cashflow/{projection.pk}/lines/new/",
        {"kind": "expense", "category": "wages", "name": "Wages", "repeat_amount": "1500"},
    )
    client.post(
        f"/toolbox/cashflow/{projection.pk}/lines/new/",
        {"kind": "expense", "category": "equipment", "name": "Equipment", "m3": "4000"},
    )
    page = client.get(created["Location"]).content.decode()

    assert created["Location"] == f"/toolbox/cashflow/{projection.pk}/"
    assert line.status_code == 302
    assert (projection.start_month, projection.months) == (date(2026, 1, 1), 12)
    # The hand-computed case of test_cashflow_arithmetic: months 3, 4, 5 end at -1500, -1000, -500;
    # the closing balance is 4500.
    warnings = re.findall(r'<li class="warning">(.*?)</li>', page, re.S)
    assert len(warnings) == 3
    assert warnings[0].startswith("March 2026: the balance goes negative (-1,500.00 USD).")
    assert "April 2026" in warnings[1] and "May 2026" in warnings[2]
    assert "Closing balance: <strong>4,500.00 USD</strong>" in page
    assert page.count('<tr class="negative">') == 3


def test_the_chart_is_svg_with_a_text_alternative_and_no_inline_style_or_script(author, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1), opening_balance=D(100))
    _line(projection, author, kind="expense", category="rent", name="Rent", repeat_amount=D("60"))

    page = login(author).get(f"/toolbox/cashflow/{projection.pk}/").content.decode()

    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Net cash flow per month (bars) and balance (line)</title>' in svg
    # The description gives every month in words: 100 - 60 = 40, then -20, -80, ...
    assert "2026-01: net -60.00 USD, balance 40.00 USD; 2026-02: net -60.00 USD, balance -20.00 USD" in svg
    assert svg.count("<rect ") == 12
    assert svg.count('fill="#9a3412"') == 12  # every month's net is negative: red bars
    assert "<polyline " in svg
    assert "style=" not in page.split("<main", 1)[1]
    assert "<script" not in page.split("<main", 1)[1]
    assert '<table class="cashflow-results"' in page


def test_bad_amounts_are_refused_and_what_was_typed_is_kept(author, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))

    response = login(author).post(
        f"/toolbox/cashflow/{projection.pk}/lines/new/",
        {"kind": "income", "category": "sales", "name": "Collares", "repeat_amount": "-5", "m2": "abc",
         "repeat_from": "6", "repeat_until": "3"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in page
    assert "Enter a number." in page
    assert 'value="Collares"' in page and 'value="abc"' in page
    assert not CashFlowLine.objects.exists()


def test_the_last_month_before_the_first_is_refused(author, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))

    response = login(author).post(
        f"/toolbox/cashflow/{projection.pk}/lines/new/",
        {"kind": "income", "category": "sales", "name": "Walks", "repeat_amount": "5",
         "repeat_from": "6", "repeat_until": "3"},
    )  # fmt: skip

    assert "The last month comes before the first." in response.content.decode()
    assert not CashFlowLine.objects.exists()


def test_a_line_is_edited_with_its_months_filled_in_and_can_be_deleted(author, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))
    line = _line(projection, author, kind="income", category="sales", name="Rooms", amounts={2: D("12.5")})
    client = login(author)

    form = client.get(f"/toolbox/cashflow/{projection.pk}/lines/{line.pk}/").content.decode()
    client.post(
        f"/toolbox/cashflow/{projection.pk}/lines/{line.pk}/",
        {"kind": "income", "category": "sales", "name": "Rooms", "m2": "", "m3": "20"},
    )

    assert re.search(r'name="m2" value="12[.,]5', form)
    assert {a.month: a.amount for a in line.amounts.all()} == {3: D("20")}
    client.post(f"/toolbox/cashflow/{projection.pk}/lines/{line.pk}/delete/")
    assert not CashFlowLine.objects.exists()


def test_switching_to_24_months_extends_the_chart_and_back_drops_later_months(author, login):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))
    client = login(author)
    settings = {"title": "Lodge", "language": "en", "start_month": "2026-01", "opening_balance": "0",
                "currency": "USD"}  # fmt: skip

    client.post(f"/toolbox/cashflow/{projection.pk}/settings/", {**settings, "months": "24"})
    projection.refresh_from_db()
    line = _line(projection, author, kind="income", category="sales", name="Rooms",
                 repeat_amount=D("100"), repeat_from=13, amounts={20: D("400")})  # fmt: skip
    page = client.get(f"/toolbox/cashflow/{projection.pk}/").content.decode()

    # Months 13 to 24 at 100, but 400 in month 20: 11 x 100 + 400 = 1500.
    assert "24 months from January 2026." in page
    assert "December 2027" in page
    assert "Closing balance: <strong>1,500.00 USD</strong>" in page

    client.post(f"/toolbox/cashflow/{projection.pk}/settings/", {**settings, "months": "12"})
    line.refresh_from_db()
    assert not line.amounts.exists()
    assert line.repeat_from == 12
    assert (
        "Closing balance: <strong>100.00 USD</strong>"
        in client.get(f"/toolbox/cashflow/{projection.pk}/").content.decode()
    )


def test_the_projection_page_runs_a_fixed_number_of_queries(author, login, django_assert_num_queries):
    projection = CashFlowProjectionFactory(owner=author, start_month=date(2026, 1, 1))
    for n in range(6):
        _line(projection, author, kind="income" if n % 2 else "expense", category="other", name=f"Line {n}",
              repeat_amount=D(n), amounts={1: D(1), 2: D(2)})  # fmt: skip
    client = login(author)

    # 1. session  2. member  3. the projection, with the member's rights annotated
    # 4. its lines  5. their amounts (one prefetch)  6. unread notifications
    with django_assert_num_queries(6):
        response = client.get(f"/toolbox/cashflow/{projection.pk}/")

    assert response.content.decode().count("/lines/") >= 6


def test_starting_from_the_lodge_example_with_no_opening_balance_typed(author, login):
    response = login(author).post(
        "/toolbox/cashflow/new/",
        {"title": "", "owner": "me", "language": "en", "example": "lodge", "months": "24",
         "start_month": "2026-01", "opening_balance": "", "currency": "USD"},
    )  # fmt: skip

    projection = CashFlowProjection.objects.get()
    assert response["Location"] == f"/toolbox/cashflow/{projection.pk}/"
    assert (projection.title, projection.months) == ("Cash flow – Cloud forest lodge", 24)
    assert projection.opening_balance == D("1500")  # the example's
    assert projection.lines.filter(name="Room nights").exists()


def test_a_bad_month_is_refused_and_kept(author, login):
    response = login(author).post(
        "/toolbox/cashflow/new/",
        {"title": "Hostal", "owner": "me", "language": "es", "months": "12", "start_month": "enero",
         "opening_balance": "1.234,50", "currency": "USD"},
    )  # fmt: skip

    page = response.content.decode()
    assert "Write the month as YYYY-MM, for example 2026-01." in page
    assert 'value="enero"' in page
    assert not CashFlowProjection.objects.exists()
