from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "community.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Each indexed model's adapter registers itself with the indexer.
        from community.search import adapters  # noqa: F401
        from community.search.indexing import connect_deletions, connect_flag_refresh

        connect_deletions()
        connect_flag_refresh()
