"""Reads for the activities, actions and timeline API (API.md; DESIGN.md sections 5 and 10).

They build on the page selectors in ``conferences.selectors.activities`` and the same
visibility rule, so the API shows nobody more than the pages do. Each list is a fixed number
of queries however long it is: the rows are plain ids, and participants come in one prefetch.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from conferences.models import Action, Activity, Participant
from conferences.permissions import activity_visibility
from conferences.selectors.activities import activities_visible_to
from jomcase.models import Staff


def activity_list_for(user: Staff) -> QuerySet[Activity]:
    """The activities the user may see, newest first, with their participants' ids."""
    participants = Participant.objects.only("pk", "activity_id", "staff_id", "role")
    return (
        activities_visible_to(user)
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by("-created_at", "-pk")
    )


def actions_visible_to(user: Staff) -> QuerySet[Action]:
    """Actions given to the user, and those that activities they may see gave to partners.

    A partner sees the actions given to them (DESIGN.md s10); whoever may open the activity
    an outcome came from already sees its actions on that activity's page, so sees them here
    too. Soonest due first.
    """
    seen = Activity.objects.filter(activity_visibility(user)).values("pk")
    return Action.objects.filter(Q(assignee=user) | Q(origin_activity__in=seen)).order_by(
        "due", "pk"
    )
