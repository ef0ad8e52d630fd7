"""load_demo_networks: the demo clusters and networks, loaded once however often it runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks.models import JoinRequest, Network, NetworkOrganisation, Partnership, PartnershipPost


@pytest.fixture(autouse=True)
def _local_database(settings):
    settings.DATABASE_URL = ""


@pytest.mark.django_db(transaction=True)
def test_demo_networks_load_once_with_partnerships_in_every_state():
    with pytest.raises(CommandError, match="Run load_demo first"):
        call_command("load_demo_networks", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_networks", stdout=StringIO())
    counts = (Network.objects.count(), PartnershipPost.objects.count(), Partnership.objects.count())

    out = StringIO()
    call_command("load_demo_networks", stdout=out)

    assert "nothing, it was all there" in out.getvalue()
    assert counts == (Network.objects.count(), PartnershipPost.objects.count(), Partnership.objects.count())
    assert set(Network.objects.values_list("kind", flat=True)) >= {
        "business_cluster",
        "women_network",
        "vti_network",
    }
    assert set(Partnership.objects.values_list("status", flat=True)) == {
        "proposed",
        "agreed",
        "active",
        "completed",
        "ended",
    }
    women = Network.objects.get(kind="women_network")
    assert NetworkOrganisation.objects.filter(network=women, organisation__women_led=True).count() >= 3
    assert women.forum_categories.exists()
    assert JoinRequest.objects.filter(status="pending").exists()
