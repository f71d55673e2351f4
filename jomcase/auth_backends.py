"""Signing in, and loading the signed-in staff member for each request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from jomcase.selectors import staff_for_requests


class StaffBackend(ModelBackend):
    """Django's username-and-password backend, except for how each request's user is loaded.

    Every page needs the user's roles and the count of unread notifications (the service
    navigation shows it), so both are loaded in the one query that loads the user.
    """

    def get_user(self, user_id):
        # The primary key finds one row or none; no ORDER BY or LIMIT to add.
        found = list(staff_for_requests().filter(pk=user_id))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
