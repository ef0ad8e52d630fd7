"""Cash-flow arithmetic, its SVG chart and its CSV format.

Every amount is a Decimal and is computed exactly; rounding (to cents, half up) happens only when a
figure is shown or exported (`money`). Floats never appear, not even for the chart's coordinates.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from community.toolbox.models import Category, LineKind

CENT = Decimal("0.01")
ZERO = Decimal(0)
CSV_MAX_BYTES = 256 * 1024
CSV_MAX_LINES = 300
CSV_FIXED_COLUMNS = ["type", "category", "name", "amount", "from_month", "until_month"]
COMPUTED_TYPES = {"net", "balance", "income_total", "expense_total"}
# A cell starting with one of these runs as a formula in a spreadsheet: the export puts a quote before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def money(value: Decimal) -> Decimal:
    """The figure shown to people and exported: cents, halves rounded away from zero (no "-0.00")."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def month_start(start: date, offset: int) -> date:
    """The first day of the month `offset` months after `start` (0: start's month)."""
    index = start.year * 12 + start.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class LineSpec:
    """One line as the arithmetic sees it; built from the database or from a CSV row."""

    kind: str
    category: str
    name: str
    repeat_amount: Decimal | None = None
    repeat_from: int | None = None
    repeat_until: int | None = None
    amounts: dict[int, Decimal] = field(default_factory=dict)  # month number (1 = first) -> amount

    def amount_in(self, month: int) -> Decimal:
        if month in self.amounts:
            return self.amounts[month]
        if self.repeat_amount is None:
            return ZERO
        if self.repeat_from is not None and month < self.repeat_from:
            return ZERO
        if self.repeat_until is not None and month > self.repeat_until:
            return ZERO
        return self.repeat_amount

    @classmethod
    def from_line(cls, line: Any) -> "LineSpec":
        return cls(
            kind=line.kind,
            category=line.category,
            name=line.name,
            repeat_amount=line.repeat_amount,
            repeat_from=line.repeat_from,
            repeat_until=line.repeat_until,
            amounts={a.month: a.amount for a in line.amounts.all()},
        )


@dataclass
class Month:
    number: int
    start: date
    income: Decimal
    expense: Decimal
    net: Decimal
    balance: Decimal  # cumulative: opening balance plus every net so far

    @property
    def negative(self) -> bool:
        return money(self.balance) < ZERO


@dataclass
class LineRow:
    spec: LineSpec
    values: list[Decimal]
    total: Decimal
    line: Any = None


@dataclass
class Result:
    opening_balance: Decimal
    months: list[Month]
    income_rows: list[LineRow]
    expense_rows: list[LineRow]

    @property
    def negative_months(self) -> list[Month]:
        return [m for m in self.months if m.negative]

    @property
    def total_income(self) -> Decimal:
        return sum((m.income for m in self.months), ZERO)

    @property
    def total_expense(self) -> Decimal:
        return sum((m.expense for m in self.months), ZERO)

    @property
    def closing_balance(self) -> Decimal:
        return self.months[-1].balance if self.months else self.opening_balance


def compute(
    *, start_month: date, months: int, opening_balance: Decimal, lines: list[LineSpec], objects: Any = None
) -> Result:
    """Monthly income, expense, net and cumulative balance. `objects` (the saved lines, same order)
    are carried to the rows so that pages can link to them."""
    numbers = range(1, months + 1)
    income_rows: list[LineRow] = []
    expense_rows: list[LineRow] = []
    for i, spec in enumerate(lines):
        values = [spec.amount_in(n) for n in numbers]
        row = LineRow(spec, values, sum(values, ZERO), objects[i] if objects is not None else None)
        (income_rows if spec.kind == LineKind.INCOME else expense_rows).append(row)
    balance = opening_balance
    result_months = []
    for index, number in enumerate(numbers):
        income = sum((r.values[index] for r in income_rows), ZERO)
        expense = sum((r.values[index] for r in expense_rows), ZERO)
        net = income - expense
        balance += net
        result_months.append(Month(number, month_start(start_month, index), income, expense, net, balance))
    return Result(opening_balance, result_months, income_rows, expense_rows)


def compute_projection(projection: Any, lines: list[Any]) -> Result:
    return compute(
        start_month=projection.start_month,
        months=projection.months,
        opening_balance=projection.opening_balance,
        lines=[LineSpec.from_line(line) for line in lines],
        objects=lines,
    )


# The chart -----------------------------------------------------------------------------------------

CHART_WIDTH = 720
CHART_HEIGHT = 260
CHART_LEFT = 70  # room for the axis labels
CHART_TOP = 10
CHART_BOTTOM = 30


@dataclass
class ChartBar:
    x: int
    y: int
    width: int
    height: int
    negative: bool
    label: str
    label_x: int


@dataclass
class Chart:
    width: int
    height: int
    zero_y: int
    plot_left: int
    plot_right: int
    bars: list[ChartBar]
    points: str  # the cumulative-balance polyline
    ticks: list[tuple[int, str]]  # (y, label)
    summary: str


def _scale(value: Decimal, low: Decimal, high: Decimal, top: int, bottom: int) -> int:
    span = high - low
    fraction = (value - low) / span if span else ZERO
    return int((bottom - fraction * (bottom - top)).to_integral_value(rounding=ROUND_HALF_UP))


def chart(result: Result, *, currency: str) -> Chart:
    """Bars for each month's net, a line for the cumulative balance; zero is always on the axis."""
    values = [m.net for m in result.months] + [m.balance for m in result.months] + [ZERO]
    low, high = min(values), max(values)
    if low == high:
        high = low + 1
    top, bottom = CHART_TOP, CHART_HEIGHT - CHART_BOTTOM
    count = max(1, len(result.months))
    slot = (CHART_WIDTH - CHART_LEFT - 10) // count
    bar_width = max(4, slot * 6 // 10)
    zero_y = _scale(ZERO, low, high, top, bottom)
    bars, points = [], []
    for i, month in enumerate(result.months):
        x = CHART_LEFT + i * slot + (slot - bar_width) // 2
        y_net = _scale(month.net, low, high, top, bottom)
        bars.append(
            ChartBar(
                x=x,
                y=min(y_net, zero_y),
                width=bar_width,
                height=max(1, abs(zero_y - y_net)),
                negative=month.net < 0,
                label=f"{month.start:%m}",
                label_x=x + bar_width // 2,
            )
        )
        points.append(f"{x + bar_width // 2},{_scale(month.balance, low, high, top, bottom)}")
    ticks = [(_scale(v, low, high, top, bottom), f"{money(v)}") for v in sorted({low, ZERO, high})]
    summary = "; ".join(
        _("%(month)s: net %(net)s %(currency)s, balance %(balance)s %(currency)s")
        % {
            "month": f"{m.start:%Y-%m}",
            "net": money(m.net),
            "balance": money(m.balance),
            "currency": currency,
        }
        for m in result.months
    )
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        zero_y=zero_y,
        plot_left=CHART_LEFT,
        plot_right=CHART_WIDTH - 10,
        bars=bars,
        points=" ".join(points),
        ticks=ticks,
        summary=summary,
    )


# CSV -------------------------------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """An input amount written exactly, with at least cents: 1500 -> 1500.00, 0.005 -> 0.005."""
    text = f"{value.normalize():f}"
    whole, _dot, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _text_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _text_from_cell(text: str) -> str:
    """Undo `_text_cell`, so that an exported file imports as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def csv_export(*, start_month: date, months: int, opening_balance: Decimal, result: Result) -> str:
    """The projection as CSV: comma-separated, decimal point, one column per month (YYYY-MM).

    Rows: one `opening_balance` row (amount column), one row per income or expense line, then the
    computed rows (`income_total`, `expense_total`, `net`, `balance`, rounded to cents), which an
    import skips.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    month_columns = [f"{month_start(start_month, i):%Y-%m}" for i in range(months)]
    writer.writerow(CSV_FIXED_COLUMNS + month_columns)
    writer.writerow(["opening_balance", "", "", _plain(opening_balance), "", ""] + [""] * months)
    for row in result.income_rows + result.expense_rows:
        spec = row.spec
        writer.writerow(
            [
                spec.kind,
                spec.category,
                _text_cell(spec.name),
                _plain(spec.repeat_amount) if spec.repeat_amount is not None else "",
                spec.repeat_from or "",
                spec.repeat_until or "",
            ]
            + [_plain(spec.amounts[n]) if n in spec.amounts else "" for n in range(1, months + 1)]
        )
    for kind, attr in (
        ("income_total", "income"),
        ("expense_total", "expense"),
        ("net", "net"),
        ("balance", "balance"),
    ):
        writer.writerow([kind, "", "", "", "", ""] + [str(money(getattr(m, attr))) for m in result.months])
    return out.getvalue()


@dataclass
class Parsed:
    start_month: date | None = None
    months: int = 0
    opening_balance: Decimal | None = None
    lines: list[LineSpec] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def parse_amount(text: str) -> Decimal:
    """`1234.56`, `1234,56`, `1.234,56`, `1,234.56` and `$ 12` all read as amounts."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").lstrip("$")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _month_number(text: str, months: int, label: str) -> int | None:
    if not text.strip():
        return None
    try:
        number = int(text.strip())
    except ValueError:
        raise ValueError(
            _("%(column)s must be a month number from 1 to %(months)s.") % {"column": label, "months": months}
        ) from None
    if not 1 <= number <= months:
        raise ValueError(
            _("%(column)s must be a month number from 1 to %(months)s.") % {"column": label, "months": months}
        )
    return number


def _header(row: list[str], parsed: Parsed) -> None:
    names = [c.strip().lower() for c in row]
    if names[: len(CSV_FIXED_COLUMNS)] != CSV_FIXED_COLUMNS:
        parsed.errors.append(
            (1, _("The first row must name the columns: %(columns)s, then one column per month (YYYY-MM).")
             % {"columns": ", ".join(CSV_FIXED_COLUMNS)})
        )  # fmt: skip
        return
    month_names = [n for n in names[len(CSV_FIXED_COLUMNS) :]]
    while month_names and not month_names[-1]:
        month_names.pop()
    if len(month_names) not in (12, 24):
        parsed.errors.append((1, _("Give 12 or 24 month columns (found %(n)s).") % {"n": len(month_names)}))
        return
    try:
        year, month = (int(part) for part in month_names[0].split("-"))
        first = date(year, month, 1)
    except ValueError:
        parsed.errors.append((1, _("Month columns are written YYYY-MM, e.g. 2026-01.")))
        return
    expected = [f"{month_start(first, i):%Y-%m}" for i in range(len(month_names))]
    if month_names != expected:
        parsed.errors.append((1, _("Month columns must be consecutive months, from %(first)s to %(last)s.")
                              % {"first": expected[0], "last": expected[-1]}))  # fmt: skip
        return
    parsed.start_month, parsed.months = first, len(month_names)


def _data_row(number: int, row: list[str], parsed: Parsed) -> None:
    cells = [c.strip() for c in row] + [""] * (len(CSV_FIXED_COLUMNS) + parsed.months)
    if len(row) > len(CSV_FIXED_COLUMNS) + parsed.months and any(
        c.strip() for c in row[len(CSV_FIXED_COLUMNS) + parsed.months :]
    ):
        raise ValueError(_("This row has more cells than there are months."))
    kind, category, name, amount_text, from_text, until_text = cells[: len(CSV_FIXED_COLUMNS)]
    name = _text_from_cell(name)
    kind = kind.lower()
    if kind in COMPUTED_TYPES:
        return
    if kind == "opening_balance":
        if parsed.opening_balance is not None:
            raise ValueError(_("The opening balance is given twice."))
        try:
            opening = parse_amount(amount_text or "0")
        except ValueError:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": amount_text}) from None
        _check_size(opening, amount_text)
        parsed.opening_balance = opening
        return
    if kind not in LineKind.values:
        raise ValueError(
            _("The type “%(value)s” is unknown: use income, expense or opening_balance.") % {"value": kind}
        )
    category = category.lower()
    if category not in Category.values:
        raise ValueError(
            _("The category “%(value)s” is unknown: use one of %(choices)s.")
            % {"value": category, "choices": ", ".join(Category.values)}
        )
    if not name:
        raise ValueError(_("Every line needs a name."))
    if len(name) > 120:
        raise ValueError(_("The name is longer than 120 characters."))
    spec = LineSpec(kind=kind, category=category, name=name)
    if amount_text:
        spec.repeat_amount = _checked_amount(amount_text)
    spec.repeat_from = _month_number(from_text, parsed.months, "from_month")
    spec.repeat_until = _month_number(until_text, parsed.months, "until_month")
    if spec.repeat_from and spec.repeat_until and spec.repeat_from > spec.repeat_until:
        raise ValueError(_("from_month comes after until_month."))
    for i, text in enumerate(cells[len(CSV_FIXED_COLUMNS) : len(CSV_FIXED_COLUMNS) + parsed.months]):
        if text:
            spec.amounts[i + 1] = _checked_amount(text)
    parsed.lines.append(spec)


def _checked_amount(text: str) -> Decimal:
    try:
        value = parse_amount(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": text}) from None
    if value < 0:
        raise ValueError(
            _("“%(value)s” is negative: write expenses as positive amounts on expense lines.")
            % {"value": text}
        )
    _check_size(value, text)
    return value


def _check_size(value: Decimal, text: str) -> None:
    """What the database keeps: below ten thousand million, at most 4 decimal places."""
    if abs(value) >= Decimal("10000000000") or value != value.quantize(Decimal("0.0001")):
        raise ValueError(_("“%(value)s” is too large or has more than 4 decimal places.") % {"value": text})


def csv_parse(raw: bytes) -> Parsed:
    """Read an uploaded CSV: `;` or `,` separated, UTF-8 with or without a byte-order mark, decimal
    comma or point. Every bad row is reported with its line number; nothing is returned as valid then."""
    parsed = Parsed()
    if len(raw) > CSV_MAX_BYTES:
        parsed.errors.append((0, _("The file is larger than %(kb)s KB.") % {"kb": CSV_MAX_BYTES // 1024}))
        return parsed
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.errors.append((0, _("The file is not UTF-8 text: save it as “CSV UTF-8”.")))
        return parsed
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if reader.line_num > CSV_MAX_LINES:
                parsed.errors.append(
                    (reader.line_num, _("The file has more than %(n)s lines.") % {"n": CSV_MAX_LINES})
                )
                break
            if reader.line_num == 1 and parsed.months == 0 and not parsed.errors:
                _header(row, parsed)
                if parsed.errors:
                    return parsed
                continue
            if not any(cell.strip() for cell in row):
                continue
            try:
                _data_row(reader.line_num, row, parsed)
            except ValueError as error:
                parsed.errors.append((reader.line_num, str(error)))
    except csv.Error as error:
        parsed.errors.append(
            (reader.line_num, _("The file is not valid CSV (%(error)s).") % {"error": error})
        )
    if parsed.months == 0 and not parsed.errors:
        parsed.errors.append((1, _("The file is empty.")))
    return parsed
