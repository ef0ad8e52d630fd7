from typing import Any

from django.core.management.base import BaseCommand

from community.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the whole search index from the database (after demo data and deploys)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} documents."))
