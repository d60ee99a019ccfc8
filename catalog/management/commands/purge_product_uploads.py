"""Delete product uploads that nothing needs any more (what the daily beat task does).

``--dry-run`` prints what would go (counts and IDs) and deletes nothing. What counts as
needed, and the grace period ``PORTAL_ORPHAN_UPLOAD_DAYS``, are in ``catalog.media.cleanup``.
"""

from django.core.management import BaseCommand

from catalog.media import cleanup


class Command(BaseCommand):
    help = "Delete images and brochures in the 'Product uploads' collection that nothing needs any more."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be deleted; delete nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        result = cleanup.purge_orphaned_uploads(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"Uploads older than {result.cutoff:%Y-%m-%d %H:%M %Z} that nothing needs:")
        for label, items in (
            ("images", result.images),
            ("documents", result.documents),
            ("stray files", result.stray_files),
        ):
            listed = ", ".join(str(item) for item in items) if items else "-"
            self.stdout.write(f"{verb} {len(items)} {label}: {listed}")
