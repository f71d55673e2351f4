"""``manage.py seed_fte_returns``: demonstration FTE returns that reproduce the FOI VTR 1150
headcount table for 2012.13 to 2014.15, then DEAs and work coaches to the last full month.

Like seed_demo it refuses to run unless demo mode is on, and it is safe to run again: months
that already have returns are left alone.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jomcase.months import month_name, parse_month
from reports.demo import seed_fte_returns


class Command(BaseCommand):
    help = (
        "Load demonstration FTE returns (demo mode only; safe to run again): the FOI VTR 1150 "
        "table for 2012.13 to 2014.15, then DEAs and work coaches to the last full month."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until",
            metavar="YYYY-MM",
            help="Last month to load (default: the last full month).",
        )

    def handle(self, *args, until=None, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo mode is off, so no demo returns were written. Set JOMCASE_DEMO=true (or "
                "DJANGO_DEBUG=true) for a development or benchmark database; never on a live "
                "service."
            )
        try:
            last = parse_month(until) if until else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        summary = seed_fte_returns(until=last)
        if summary.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo FTE returns loaded: {summary.months_created} month(s), "
                    f"{summary.returns_created:,} returns in {time.monotonic() - started:.1f}s"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo FTE returns already in place"))
        if summary.first_month:
            self.stdout.write(
                f"  months {month_name(summary.first_month)} to {month_name(summary.last_month)}"
                f" ({summary.months_kept} already loaded and kept)"
            )
