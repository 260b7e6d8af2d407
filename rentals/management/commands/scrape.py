from django.core.management.base import BaseCommand, CommandError

from rentals.models import RentalSource
from rentals.preview import page_explain
from rentals.scraping.errors import InvalidUrlError, ScrapeError
from rentals.selectors import sources_due
from rentals.services import ScrapeAlreadyRunning, source_scrape_inline

EXPLAIN_SHOWN = 10


class Command(BaseCommand):
    help = (
        "Scrape rental sources in the foreground, printing a line per page; or, with --explain URL, "
        "show what each extractor finds on one page (saving nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=int,
            action="append",
            dest="source_ids",
            metavar="ID",
            help="Scrape this source (repeatable).",
        )
        parser.add_argument("--due", action="store_true", help="Scrape every active source that is due.")
        parser.add_argument("--explain", metavar="URL", help="Show, per extractor, what one page gives.")

    def handle(self, *args, source_ids=None, due=False, explain=None, **options):
        if explain:
            return self._explain(explain)
        if not source_ids and not due:
            raise CommandError("Name sources with --source ID, or use --due, or --explain URL.")
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
                self.stdout.write(
                    self.style.SUCCESS(
                        f"  done: {run.pages_fetched} pages, {run.listings_found} listings, {run.created_count} new, "
                        f"{run.updated_count} updated, {run.unavailable_count} now unavailable"
                    )
                )
            else:
                failures += 1
                self.stdout.write(self.style.ERROR(f"  failed: {run.error}"))
        if failures:
            raise CommandError(f"{failures} scrape(s) failed.")

    def _progress(self, pages_fetched, url):
        self.stdout.write(f"  page {pages_fetched}: {url}")

    def _explain(self, url):
        try:
            explained = page_explain(website_url=url)
        except (InvalidUrlError, ScrapeError) as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"{explained.url}: {len(explained.text):,} characters")
        if explained.platform:
            self.stdout.write(f"Platform detected: {explained.platform}")
        for address in explained.followed:
            self.stdout.write(f"Its listings load from: {address}")
        for warning in explained.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for name, findings in explained.findings:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name}: {len(findings)} found"))
            for finding in findings[:EXPLAIN_SHOWN]:
                self.stdout.write(f"  {_summary(finding.listing)}")
            if len(findings) > EXPLAIN_SHOWN:
                self.stdout.write(f"  … and {len(findings) - EXPLAIN_SHOWN} more")
        parsed = explained.parsed
        self.stdout.write(self.style.SUCCESS(f"Merged: {len(parsed.listings)} rentals"))
        for listing, extractors in zip(parsed.listings, parsed.sources, strict=True):
            self.stdout.write(f"  {_summary(listing)}  <- {', '.join(extractors)}")
        self._explain_detail_pages(explained)
        if parsed.next_page:
            self.stdout.write(f"Next page: {parsed.next_page}")

    def _explain_detail_pages(self, explained):
        """What following the listings' own pages gives, as the crawl follows them."""
        linked = len(explained.parsed.to_follow)
        if not linked:
            return
        completed = explained.completed_by_detail_pages
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Listings' own pages: {linked} linked without rent or rooms, {len(explained.detail_pages)} read, "
                f"{len(completed)} completed"
            )
        )
        for listing, extractors in completed:
            self.stdout.write(f"  {_summary(listing)}  <- {', '.join(extractors)}")
        self.stdout.write(self.style.SUCCESS(f"With their own pages: {len(explained.with_detail_pages)} rentals"))


def _summary(listing):
    """One line a person reads: what, where, rent, rooms, and the link."""
    rooms = [] if listing.bedrooms is None else ["studio" if listing.bedrooms == 0 else f"{listing.bedrooms} bd"]
    rooms += [] if listing.bathrooms is None else [f"{listing.bathrooms:g} ba"]
    rooms += [] if listing.square_feet is None else [f"{listing.square_feet} sq ft"]
    parts = [
        listing.title or "(no title)",
        ", ".join(part for part in (listing.address, listing.city, listing.state) if part) or "(no address)",
        f"{listing.currency} {listing.price:,.0f}" if listing.price is not None else "(no price)",
        " / ".join(rooms) or "(no rooms)",
    ]
    if listing.available_from:
        parts.append(f"available {listing.available_from.isoformat()}")
    return " | ".join(parts) + (f" | {listing.url}" if listing.url else "")
