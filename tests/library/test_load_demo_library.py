"""load_demo_library: 20+ bilingual practices, a guide and reactions, loaded once however often it runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.library.models import Adoption, Comment, Endorsement, Guide, Practice, Status


@pytest.fixture(autouse=True)
def _local_database(settings):
    settings.DATABASE_URL = ""


def _counts():
    return tuple(m.objects.count() for m in (Practice, Guide, Comment, Endorsement, Adoption))


@pytest.mark.django_db(transaction=True)
def test_demo_library_loads_once_with_practices_in_both_languages():
    with pytest.raises(CommandError, match="Run load_demo first"):
        call_command("load_demo_library", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_networks", stdout=StringIO())
    call_command("load_demo_library", stdout=StringIO())
    before = _counts()

    out = StringIO()
    call_command("load_demo_library", stdout=out)

    assert "nothing, it was all there" in out.getvalue()
    assert _counts() == before
    published = Practice.objects.filter(status=Status.PUBLISHED)
    assert published.count() >= 20
    assert set(published.values_list("language", flat=True)) == {"es", "en"}
    assert Practice.objects.filter(status=Status.SUBMITTED).exists()
    assert Practice.objects.filter(version=2).exists()
    assert Practice.objects.filter(network__isnull=False, status=Status.PUBLISHED).exists()
    guide = Guide.objects.get()
    assert guide.is_published and guide.items.filter(practice__isnull=False).count() >= 2
    assert Comment.objects.exists() and Endorsement.objects.exists() and Adoption.objects.exists()


def test_refuses_on_a_deployment_without_force(settings):
    settings.DATABASE_URL = "postgres://db/minga"
    with pytest.raises(CommandError, match="DATABASE_URL is set"):
        call_command("load_demo_library", stdout=StringIO())
