"""``manage.py seed_qas_demo``: a held case conference for teamleader1 to check (demo only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qas.demo import DemoPeopleMissing, seed_qas_demo


class Command(BaseCommand):
    help = "Hold a case conference for dea1 this month (safe to repeat), for QAS 2 to observe."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo mode is off, so no demo data was written.")
        try:
            made = seed_qas_demo()
        except DemoPeopleMissing as error:
            raise CommandError(str(error)) from None
        if made:
            self.stdout.write(
                self.style.SUCCESS("QAS demo: dea1 held a case conference for teamleader1 to check")
            )
        else:
            self.stdout.write("QAS demo already in place")
