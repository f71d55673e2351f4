"""``manage.py seed_demo``: the demo users and caseloads; ``--national`` for national scale.

Both refuse to run unless demo mode is on (JOMCASE_DEMO, on by default with DJANGO_DEBUG),
so made-up people can never be written into a live service's database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dea_support.demo import (
    NationalShape,
    analyse_national_tables,
    build_national,
    delete_national,
    national_exists,
    seed_demo_data,
)
from jomcase.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create the demo organisation, users and claimants (safe to run again), or with "
        "--national the national-scale dataset used by the benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--national",
            action="store_true",
            help="Build 37 districts, 640 jobcentres, ~12,000 work coaches, 450 DEAs and "
            "750,000 claimants instead of the demo users.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --national: delete an existing national dataset and build it again.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="With --national: multiply every count by this (e.g. 0.05 for a quick run).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, national, force, scale, no_progress, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo mode is off, so no demo data was written. Set JOMCASE_DEMO=true (or "
                "DJANGO_DEBUG=true) for a development or benchmark database; never on a live "
                "service."
            )
        if force and not national:
            raise CommandError("--force only applies to --national.")
        if national:
            self._national(scale=scale, force=force, progress=False if no_progress else None)
        else:
            self._demo()

    def _demo(self) -> None:
        summary = seed_demo_data()
        heading = "Demo data created" if summary.changed else "Demo data already in place"
        self.stdout.write(self.style.SUCCESS(heading))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(
            f"Demo users sign in with the password {DEMO_PASSWORD!r}; "
            "`manage.py demo_logins` lists them."
        )

    def _national(self, *, scale: float, force: bool, progress: bool | None) -> None:
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        if national_exists():
            if not force:
                self.stdout.write(
                    "The national dataset is already loaded; nothing was changed. "
                    "Use --national --force to delete and rebuild it."
                )
                return
            self.stdout.write("Deleting the national dataset…")
            delete_national()
        shape = NationalShape() if scale == 1 else NationalShape.scaled(scale)
        summary = build_national(shape, progress=progress)
        analyse_national_tables()
        self.stdout.write(
            self.style.SUCCESS(
                f"National dataset built in {summary.seconds:.1f} s: {summary.total_rows:,} "
                f"rows, {summary.total_rows / summary.seconds:,.0f} rows a second"
            )
        )
        for name, count in summary.rows.items():
            self.stdout.write(f"  {name:<22} {count:>9,}")
