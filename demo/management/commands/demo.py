from django.core.management.base import BaseCommand

from demo.services import demo_load


class Command(BaseCommand):
    help = "Create or refresh LeaseLine's demo data (idempotent) and print the logins."

    def handle(self, *args, **options):
        (user, password), (staff, staff_password) = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/login/ as {user.email} / {password}")
        self.stdout.write(f"The admin is at http://127.0.0.1:8000/admin/ as {staff.email} / {staff_password}")
