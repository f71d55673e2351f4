"""Signing in, and loading the signed-in staff member for each request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from jomcase.selectors import staff_with_unread_count


class StaffBackend(ModelBackend):
    """Django's username-and-password backend, except for how each request's user is loaded.

    The service navigation shows how many notifications are unread on every page. Counting
    them in the query that loads the user saves a query on every page of the service.
    """

    def get_user(self, user_id):
        user = staff_with_unread_count().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
