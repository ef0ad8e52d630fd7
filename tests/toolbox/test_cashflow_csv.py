"""Cash-flow CSV: export, import (errors by line number, nothing saved on error), round trip."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.toolbox import services
from community.toolbox.cashflow import CSV_MAX_BYTES, csv_parse
from community.toolbox.models import CashFlowLine, CashFlowProjection
from tests.factories import CashFlowProjectionFactory

MONTHS_2026 = ",".join(f"2026-{m:02d}" for m in range(1, 13))
HEADER = f"type,category,name,amount,from_month,until_month,{MONTHS_2026}"


def _projection(author, **extra):
    projection = services.cashflow_create(
        actor=author, title="Lodge", start_month=date(2026, 1, 1), opening_balance=D("1500"), **extra
    )
    services.cashflow_line_create(
        projection=projection, actor=author, kind="income", category="sales", name="Rooms, double",
        repeat_amount=D("2200"), repeat_from=None, repeat_until=None, amounts={6: D("3400.50")},
    )  # fmt: skip
    services.cashflow_line_create(
        projection=projection, actor=author, kind="expense", category="loan_repayments", name="Loan",
        repeat_amount=D("380.005"), repeat_from=4, repeat_until=10, amounts={},
    )  # fmt: skip
    services.cashflow_line_create(
        projection=projection, actor=author, kind="expense", category="equipment", name="Two rooms",
        repeat_amount=None, repeat_from=None, repeat_until=None, amounts={3: D("6000"), 4: D("4500")},
    )  # fmt: skip
    return projection


def _lines(projection):
    return [
        (line.kind, line.category, line.name, line.repeat_amount, line.repeat_from, line.repeat_until,
         {a.month: a.amount for a in line.amounts.all()})
        for line in CashFlowLine.objects.filter(projection=projection).order_by("kind", "position")
    ]  # fmt: skip


def _upload(client, projection, content: bytes, name="flujo.csv"):
    return client.post(
        f"/toolbox/cashflow/{projection.pk}/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_export_then_import_gives_the_same_projection(author, login):
    original = _projection(author)
    client = login(author)
    exported = client.get(f"/toolbox/cashflow/{original.pk}/export.csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported["Content-Disposition"]
    other = services.cashflow_create(actor=author, title="Copy", start_month=date(2030, 5, 1), months=24)

    response = _upload(client, other, exported.content)

    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.start_month, other.months, other.opening_balance) == (date(2026, 1, 1), 12, D("1500"))
    assert _lines(other) == _lines(original)
    again = client.get(f"/toolbox/cashflow/{other.pk}/export.csv")
    assert again.content == exported.content


def test_export_writes_inputs_exactly_and_computed_rows_rounded(author, login):
    projection = _projection(author)

    body = login(author).get(f"/toolbox/cashflow/{projection.pk}/export.csv").content.decode()

    rows = body.splitlines()
    assert rows[0] == HEADER
    assert rows[1].startswith("opening_balance,,,1500.00,,")
    assert rows[2].startswith('income,sales,"Rooms, double",2200.00,,,,,,,,3400.50,')
    assert rows[3].startswith("expense,loan_repayments,Loan,380.005,4,10,")
    # Month 4: 2200 - 380.005 - 4500 = -2680.005, exported rounded half up: -2680.01.
    net = next(r for r in rows if r.startswith("net,")).split(",")
    assert net[6 + 3] == "-2680.01"
    balance = next(r for r in rows if r.startswith("balance,")).split(",")
    # Month 1: 1500 + 2200 = 3700; month 2: 5900; month 3: 5900 + 2200 - 6000 = 2100.
    assert balance[6:9] == ["3700.00", "5900.00", "2100.00"]


def test_bad_rows_are_reported_by_line_number_and_nothing_is_saved(author, login):
    projection = _projection(author)
    before = _lines(projection)
    blank = "," * 11
    content = "\n".join(
        [
            HEADER,
            f"opening_balance,,,900,,,{blank}",
            f"income,sales,Rooms,2000,,,{blank}",
            f"income,souvenirs,Keyrings,10,,,{blank}",  # line 4: unknown category
            f"expense,wages,Wages,abc,,,{blank}",  # line 5: not an amount
            f"expense,rent,Rent,-20,,,{blank}",  # line 6: negative
            f"expense,rent,,20,,,{blank}",  # line 7: no name
            f"expense,rent,Rent,20,13,,{blank}",  # line 8: month 13 of 12
            f"refund,rent,Rent,20,,,{blank}",  # line 9: unknown type
        ]
    ).encode()

    response = _upload(login(author), projection, content)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    for number in (4, 5, 6, 7, 8, 9):
        assert f"Line {number}:" in page
    assert "Line 2:" not in page and "Line 3:" not in page
    assert "The category “souvenirs” is unknown" in page
    assert "“abc” is not an amount" in page
    assert "from_month must be a month number from 1 to 12" in page
    assert _lines(projection) == before
    projection.refresh_from_db()
    assert projection.opening_balance == D("1500")


def test_semicolons_decimal_commas_and_a_byte_order_mark_are_understood(author, login):
    projection = CashFlowProjectionFactory(owner=author)
    months = ";".join(f"2027-{m:02d}" for m in range(1, 13))
    content = "\ufeff" + "\n".join(
        [
            f"type;category;name;amount;from_month;until_month;{months}",
            "opening_balance;;;1.250,75;;" + ";" * 12,
            "income;sales;Collares;1.234,56;;;;;;;;;;;;;;",
            "expense;materials;Mullos;99,5;2;3" + ";" * 12,
            "income;sales;Aretes;;;;0,335;0,335;0,335;;;;;;;;;",
        ]
    )

    response = _upload(login(author), projection, content.encode("utf-8"))

    assert response.status_code == 302
    projection.refresh_from_db()
    assert projection.start_month == date(2027, 1, 1)
    assert projection.opening_balance == D("1250.75")
    lines = _lines(projection)
    assert ("income", "sales", "Collares", D("1234.56"), None, None, {}) in lines
    assert ("expense", "materials", "Mullos", D("99.5"), 2, 3, {}) in lines
    assert (
        "income",
        "sales",
        "Aretes",
        None,
        None,
        None,
        {1: D("0.335"), 2: D("0.335"), 3: D("0.335")},
    ) in lines


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", 1, "The file is empty."),
        (b"kind,category\n", 1, "The first row must name the columns"),
        (f"type,category,name,amount,from_month,until_month,{MONTHS_2026[:-8]}\n".encode(), 1,
         "Give 12 or 24 month columns (found 11)."),
        (b"type,category,name,amount,from_month,until_month," + b",".join(b"2026-01" for _ in range(12)), 1,
         "Month columns must be consecutive months"),
        ("tipo;categoría\n".encode("latin-1"), 0, "The file is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_with_the_reason(content, line, message):
    parsed = csv_parse(content)

    assert parsed.errors and parsed.errors[0][0] == line
    assert message in parsed.errors[0][1]
    assert parsed.lines == []


def test_a_file_over_the_size_limit_is_refused_before_reading_it(author, login):
    projection = CashFlowProjectionFactory(owner=author)

    response = _upload(login(author), projection, b"x" * (CSV_MAX_BYTES + 1))

    assert response.status_code == 200
    assert "The file is larger than 256 KB." in response.content.decode()
    assert not projection.lines.exists()


def test_importing_24_months_changes_the_horizon(author, login):
    projection = CashFlowProjectionFactory(owner=author, months=12)
    months = ",".join(f"{2026 + (m // 12)}-{m % 12 + 1:02d}" for m in range(6, 30))
    content = f"type,category,name,amount,from_month,until_month,{months}\nincome,sales,Rooms,100,13,24\n"

    _upload(login(author), projection, content.encode())

    projection.refresh_from_db()
    assert (projection.months, projection.start_month) == (24, date(2026, 7, 1))
    page = login(author).get(f"/toolbox/cashflow/{projection.pk}/").content.decode()
    assert "24 months from" in page
    assert CashFlowProjection.objects.count() == 1
