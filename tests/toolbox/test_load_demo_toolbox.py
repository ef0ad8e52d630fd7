"""load_demo_toolbox: the lodge's and the artisans' tools, loaded once however often it runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.toolbox.models import BusinessPlan, CashFlowProjection, CashFlowShare, MarketingPlan
from community.toolbox.selectors import projection_result


@pytest.mark.django_db(transaction=True)
def test_demo_toolboxes_load_once_and_the_lodge_sees_a_negative_month(settings):
    settings.DATABASE_URL = ""
    with pytest.raises(CommandError, match="Run load_demo first"):
        call_command("load_demo_toolbox", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_toolbox", stdout=StringIO())
    counts = (BusinessPlan.objects.count(), CashFlowProjection.objects.count(), MarketingPlan.objects.count())

    out = StringIO()
    call_command("load_demo_toolbox", stdout=out)

    assert "nothing, it was all there" in out.getvalue()
    assert counts == (2, 2, 2)
    assert counts == (BusinessPlan.objects.count(), CashFlowProjection.objects.count(),
                      MarketingPlan.objects.count())  # fmt: skip
    lodge = CashFlowProjection.objects.get(organisation__name="Lodge Río Bombuscaro")
    result = projection_result(lodge)
    assert lodge.months == 12
    # The lodge builds in month 3 before its loan arrives in month 4: cash runs out in March.
    assert [m.number for m in result.negative_months] == [3]
    assert CashFlowShare.objects.filter(tool=lodge, user__email__startswith="claudia.rueda").exists()


def test_demo_toolboxes_refuse_a_real_deployment(settings):
    settings.DATABASE_URL = "postgres://minga@db/minga"

    with pytest.raises(CommandError, match="DATABASE_URL is set"):
        call_command("load_demo_toolbox", stdout=StringIO())
