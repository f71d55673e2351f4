"""``manage.py demo_logins``: where the service is and who to sign in as (run by ``make run``).

The password is printed only in demo mode, and only for the users who still have it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand

from jomcase.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_usernames
from jomcase.models import Staff


class Command(BaseCommand):
    help = "Print the service's address and the demo users to sign in as."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The port the server uses.")

    def handle(self, *args, port, **options):
        self.stdout.write(self.style.SUCCESS(f"JOMCase: http://127.0.0.1:{port}/"))
        if not settings.DEMO_MODE:
            self.stdout.write("Demo mode is off: sign in with your own account.")
            return
        passwords = dict(
            Staff.objects.filter(username__in=demo_usernames(), is_active=True).values_list(
                "username", "password"
            )
        )
        if not passwords:
            self.stdout.write("No demo users yet: run `manage.py seed_demo` to create them.")
            return
        # Demo users share one hash, so each distinct hash is checked once, not fifty times.
        demo_hashes = {h for h in set(passwords.values()) if check_password(DEMO_PASSWORD, h)}
        rows = []
        for login in DEMO_LOGINS:
            present = [name for name in login.usernames if name in passwords]
            if not present:
                continue
            shared = all(passwords[name] in demo_hashes for name in present)
            rows.append((login.label, DEMO_PASSWORD if shared else "(changed)", login.can))
        width = max(len(label) for label, _, _ in rows)
        self.stdout.write("\nDemo users:\n")
        self.stdout.write(f"  {'Username':<{width}}  {'Password':<12}  What they can do")
        for label, password, can in rows:
            self.stdout.write(f"  {label:<{width}}  {password:<12}  {can}")
        self.stdout.write("")
