from django.core.management.base import BaseCommand, CommandError

from rentals.models import RentalSource
from rentals.selectors import sources_due
from rentals.services import ScrapeAlreadyRunning, source_scrape_inline


class Command(BaseCommand):
    help = "Scrape rental sources in the foreground, printing a line per page."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, action="append", dest="source_ids", metavar="ID",
                            help="Scrape this source (repeatable).")
        parser.add_argument("--due", action="store_true", help="Scrape every active source that is due.")

    def handle(self, *args, source_ids=None, due=False, **options):
        if not source_ids and not due:
            raise CommandError("Name sources with --source ID, or use --due.")
        sources = list(sources_due()) if due else []
        if source_ids:
            named = RentalSource.objects.filter(pk__in=source_ids).select_related("user")
            found = {source.pk: source for source in named}
            missing = sorted(set(source_ids) - set(found))
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, missing))}.")
            sources += [found[pk] for pk in source_ids if pk not in {s.pk for s in sources}]
        if not sources:
            self.stdout.write("Nothing to scrape.")
            return
        failures = 0
        for source in sources:
            self.stdout.write(f"Source {source.pk} ({source}):")
            try:
                run = source_scrape_inline(user=source.user, source=source, on_page=self._progress)
            except ScrapeAlreadyRunning:
                self.stdout.write(self.style.WARNING("  already being scraped; skipped"))
                continue
            if run.status == run.Status.SUCCEEDED:
                self.stdout.write(self.style.SUCCESS(
                    f"  done: {run.pages_fetched} pages, {run.listings_found} listings, {run.created_count} new, "
                    f"{run.updated_count} updated, {run.unavailable_count} now unavailable"
                ))
            else:
                failures += 1
                self.stdout.write(self.style.ERROR(f"  failed: {run.error}"))
        if failures:
            raise CommandError(f"{failures} scrape(s) failed.")

    def _progress(self, pages_fetched, url):
        self.stdout.write(f"  page {pages_fetched}: {url}")
