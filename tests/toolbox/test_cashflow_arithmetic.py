"""Cash-flow arithmetic: hand-computed cases, exact Decimal sums, half-up rounding only when shown."""

from datetime import date
from decimal import Decimal as D

from django.utils import translation

from community.toolbox.cashflow import LineSpec, compute, money
from community.toolbox.templatetags.toolbox import money as money_filter


def _lodge_case():
    # Opening balance 1000. Rooms: 2000 every month, but 3500 in month 7 (high season).
    # Wages: 1500 every month. Equipment: 4000 in month 3 only.
    return compute(
        start_month=date(2026, 1, 1),
        months=12,
        opening_balance=D("1000"),
        lines=[
            LineSpec("income", "sales", "Rooms", repeat_amount=D("2000"), amounts={7: D("3500")}),
            LineSpec("expense", "wages", "Wages", repeat_amount=D("1500")),
            LineSpec("expense", "equipment", "Equipment", amounts={3: D("4000")}),
        ],
    )


def test_monthly_net_and_balance_match_a_hand_calculation():
    result = _lodge_case()

    # By hand:
    #  month  income  expense  net     balance
    #  1      2000    1500      500    1000 + 500  = 1500
    #  2      2000    1500      500    2000
    #  3      2000    5500    -3500    -1500
    #  4      2000    1500      500    -1000
    #  5      2000    1500      500     -500
    #  6      2000    1500      500        0
    #  7      3500    1500     2000     2000
    #  8..12  2000    1500      500     2500, 3000, 3500, 4000, 4500
    assert [m.net for m in result.months] == [D(n) for n in
        [500, 500, -3500, 500, 500, 500, 2000, 500, 500, 500, 500, 500]]  # fmt: skip
    assert [m.balance for m in result.months] == [D(n) for n in
        [1500, 2000, -1500, -1000, -500, 0, 2000, 2500, 3000, 3500, 4000, 4500]]  # fmt: skip
    # Totals: income 11 x 2000 + 3500 = 25500; expenses 12 x 1500 + 4000 = 22000;
    # closing balance 1000 + 25500 - 22000 = 4500.
    assert result.total_income == D("25500")
    assert result.total_expense == D("22000")
    assert result.closing_balance == D("4500")
    assert result.months[6].start == date(2026, 7, 1)


def test_each_month_with_a_negative_balance_is_flagged_and_zero_is_not():
    result = _lodge_case()

    # Months 3, 4 and 5 end below zero (-1500, -1000, -500); month 6 ends exactly at 0.
    assert [m.number for m in result.negative_months] == [3, 4, 5]
    assert [m.start for m in result.negative_months] == [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)]
    assert not result.months[5].negative


def test_repeating_amounts_respect_their_first_and_last_month():
    result = compute(
        start_month=date(2026, 1, 1),
        months=12,
        opening_balance=D(0),
        lines=[
            LineSpec(
                "income", "services", "Guided walks", repeat_amount=D("100"), repeat_from=4, repeat_until=6
            ),
            LineSpec("income", "sales", "Online shop", repeat_amount=D("10"), repeat_from=10),
            LineSpec("expense", "rent", "Stall at the fair", repeat_amount=D("7"), repeat_until=2),
            # A month typed by hand replaces the repeating amount even outside its range.
            LineSpec("income", "grants", "Grant", repeat_amount=D("1"), repeat_from=12, amounts={1: D("50")}),
        ],
    )

    # Walks: months 4, 5, 6 (100 each). Shop: months 10, 11, 12 (10 each).
    # Stall: months 1 and 2 (7 each). Grant: 50 in month 1 (typed), 1 in month 12 (repeating).
    assert [row.values for row in result.income_rows][0] == [D(0)] * 3 + [D(100)] * 3 + [D(0)] * 6
    assert result.income_rows[1].values == [D(0)] * 9 + [D(10)] * 3
    assert result.expense_rows[0].values == [D(7)] * 2 + [D(0)] * 10
    assert result.income_rows[2].values == [D(50)] + [D(0)] * 10 + [D(1)]
    # Net by month: m1 50-7=43, m2 -7, m3 0, m4..6 100, m7..9 0, m10..11 10, m12 10+1=11.
    assert [m.net for m in result.months] == [D(n) for n in [43, -7, 0, 100, 100, 100, 0, 0, 0, 10, 10, 11]]
    # 43 - 7 + 300 + 20 + 11 = 367
    assert result.closing_balance == D("367")


def test_a_24_month_horizon_runs_across_three_calendar_years():
    result = compute(
        start_month=date(2026, 11, 1),
        months=24,
        opening_balance=D("-200"),
        lines=[
            LineSpec("income", "sales", "Second-year sales", repeat_amount=D("100"), repeat_from=13),
            LineSpec("expense", "loan_repayments", "Loan", repeat_amount=D("50"), repeat_until=24),
        ],
    )

    assert len(result.months) == 24
    assert result.months[0].start == date(2026, 11, 1)
    assert result.months[13].start == date(2027, 12, 1)
    assert result.months[-1].start == date(2028, 10, 1)
    # Months 1-12: -50 each, balance -200 - 600 = -800. Months 13-24: +50 each, -800 + 600 = -200.
    assert result.months[11].balance == D("-800")
    assert result.closing_balance == D("-200")
    # Every month is below zero (the balance climbs back only to -200).
    assert len(result.negative_months) == 24


def test_half_cents_round_up_only_when_shown():
    assert money(D("0.005")) == D("0.01")  # banker's rounding would give 0.00
    assert money(D("0.015")) == D("0.02")
    assert money(D("2.675")) == D("2.68")  # float(2.675) is 2.67499..., Decimal is exact
    assert money(D("-0.005")) == D("-0.01")  # half away from zero
    assert str(money(D("-0.004"))) == "0.00"  # no "-0.00"
    with translation.override("en"):
        assert money_filter(D("1234.565")) == "1,234.57"
    with translation.override("es"):
        assert money_filter(D("1234.565")) == "1\xa0234,57"


def test_sums_are_exact_and_rounded_once_at_the_end():
    # 0.335 a month for 3 months: each month shows 0.34, but the balance is exactly 1.005 -> 1.01
    # (rounding each month first would show 0.34 x 3 = 1.02).
    result = compute(
        start_month=date(2026, 1, 1),
        months=12,
        opening_balance=D(0),
        lines=[
            LineSpec("income", "sales", "Earrings", amounts={1: D("0.335"), 2: D("0.335"), 3: D("0.335")})
        ],
    )

    assert [money(m.net) for m in result.months[:3]] == [D("0.34")] * 3
    assert result.months[2].balance == D("1.005")
    assert money(result.months[2].balance) == D("1.01")
    # 0.1 + 0.2 is exactly 0.3 (as a float sum it would be 0.30000000000000004).
    tenth = compute(
        start_month=date(2026, 1, 1),
        months=12,
        opening_balance=D("0.1"),
        lines=[LineSpec("income", "sales", "x", amounts={1: D("0.2")})],
    )
    assert tenth.months[0].balance == D("0.3")


def test_a_balance_of_half_a_cent_below_zero_is_flagged_but_less_is_shown_as_zero():
    def balance_after(expense: str):
        return compute(
            start_month=date(2026, 1, 1),
            months=12,
            opening_balance=D(0),
            lines=[LineSpec("expense", "other", "Fee", amounts={1: D(expense)})],
        ).months[0]

    assert balance_after("0.005").negative  # shown as -0.01
    assert not balance_after("0.004").negative  # shown as 0.00
