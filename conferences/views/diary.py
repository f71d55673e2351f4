"""Diaries: a week of one person's bookings and unavailability, time they block out, and
their bookings as iCalendar (a private feed per person and a file per booking).

Whose diary may be opened is decided by ``selectors.diary_owners_for``. In someone else's
diary a booking the viewer cannot open shows only as busy, and blocked time only as
"Unavailable", so a diary tells colleagues when someone is free and nothing more.

Calendar files name the kind of activity and how it takes place, never the claimant: they
leave the service for calendar applications, which it does not control.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from conferences import selectors, services
from conferences.forms import ConfirmForm, UnavailabilityForm
from conferences.models import Activity, ActivityState, DiaryEntry
from conferences.views.common import activity_or_404, run_service
from jomcase.permissions import sees_personal_data

PRODUCT_ID = "-//Department for Work and Pensions//JOMCase//EN"


def _may_keep_a_diary(user) -> None:
    # Anyone with a casework role can take part in an activity; analysts and administrators
    # (with no other role) cannot, so they have no diary.
    if not sees_personal_data(user):
        raise PermissionDenied("Your role has no diary.")


def _monday_of(week: str | None) -> dt.date:
    """The Monday of an ISO week written 2027-W09; this week when missing or not a real week."""
    if week:
        try:
            year, number = week.upper().split("-W")
            return dt.date.fromisocalendar(int(year), int(number), 1)
        except ValueError:
            pass
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def _week_label(monday: dt.date) -> str:
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _clock(value: dt.datetime, day: dt.date) -> str:
    """A time within ``day``, or the edge of the day when the entry runs over it."""
    local = timezone.localtime(value)
    if local.date() < day:
        return "00:00"
    if local.date() > day:
        return "24:00"
    return f"{local:%H:%M}"


def _day_rows(entries: list[DiaryEntry], monday: dt.date, *, own: bool, visible: set[int]):
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        rows = []
        for entry in entries:
            first = timezone.localtime(entry.start).date()
            last = timezone.localtime(entry.end - dt.timedelta(microseconds=1)).date()
            if not first <= day <= last:
                continue
            activity = entry.activity
            row = {
                "entry": entry,
                "from": _clock(entry.start, day),
                "until": _clock(entry.end, day),
                "booking": activity is not None,
            }
            if activity is not None:
                row["title"] = activity.get_kind_display()
                row["link"] = activity.pk in visible
                row["claimant"] = activity.claimant if own and activity.claimant_id else None
                row["channel"] = activity.get_channel_display()
            else:
                row["title"] = entry.title if own else "Unavailable"
                row["removable"] = own
            rows.append(row)
        days.append({"date": day, "rows": rows, "today": day == timezone.localdate()})
    return days


@login_required
def diary(request, staff_id: int | None = None):
    """A week of one person's diary: the viewer's own, or a colleague's they may see."""
    user = request.user
    _may_keep_a_diary(user)
    people = list(selectors.diary_owners_for(user))
    if staff_id is None or staff_id == user.pk:
        owner = user
    else:
        owner = next((p for p in people if p.pk == staff_id), None)
        if owner is None:
            raise Http404("No diary found")
    own = owner.pk == user.pk
    monday = _monday_of(request.GET.get("week"))
    entries = selectors.diary_week(staff=owner, monday=monday)
    ids = [e.activity_id for e in entries]
    visible = set(ids) if own else selectors.visible_activity_ids(user, ids)
    base = reverse("conferences:diary") if own else reverse("conferences:diary_of", args=[owner.pk])
    return render(
        request,
        "conferences/diary.html",
        {
            "owner": owner,
            "own": own,
            "days": _day_rows(entries, monday, own=own, visible=visible),
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous_week": f"{base}?week={_week_label(monday - dt.timedelta(days=7))}",
            "next_week": f"{base}?week={_week_label(monday + dt.timedelta(days=7))}",
            "this_week": base,
            "previous_monday": monday - dt.timedelta(days=7),
            "next_monday": monday + dt.timedelta(days=7),
            "week": _week_label(monday),
            "people": [p for p in people if p.pk != user.pk],
        },
    )


@login_required
def unavailability_add(request):
    """Block time in your own diary, so nothing is booked over it."""
    _may_keep_a_diary(request.user)
    data = request.POST if request.method == "POST" else None
    form = UnavailabilityForm(data)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        entry, done = run_service(
            form, None, lambda: services.unavailability_add(actor=request.user, **arguments)
        )
        if done:
            start = timezone.localtime(entry.start)
            messages.success(request, f"Your diary shows you as unavailable on {start:%-d %B %Y}")
            week = _week_label(start.date() - dt.timedelta(days=start.weekday()))
            return redirect(f"{reverse('conferences:diary')}?week={week}")
    return render(request, "conferences/unavailability_add.html", {"form": form})


@require_POST
@login_required
def unavailability_remove(request, entry_id: int):
    _may_keep_a_diary(request.user)
    entry = DiaryEntry.objects.filter(pk=entry_id, staff=request.user, activity=None).first()
    services.unavailability_remove(actor=request.user, entry_id=entry_id)
    messages.success(request, "The time was removed from your diary")
    target = reverse("conferences:diary")
    if entry is not None:
        start = timezone.localtime(entry.start).date()
        target += f"?week={_week_label(start - dt.timedelta(days=start.weekday()))}"
    return redirect(target)


@login_required
def calendar_feed_settings(request):
    """The address of the user's calendar feed, and a way to replace it."""
    user = request.user
    _may_keep_a_diary(user)
    if request.method == "POST":
        had = selectors.calendar_feed_token_of(user) is not None
        services.calendar_feed_token_reset(actor=user)
        messages.success(
            request,
            "Your calendar has a new address. The old one no longer works"
            if had
            else "Your calendar address is ready",
        )
        return redirect("conferences:calendar_feed_settings")
    feed = selectors.calendar_feed_token_of(user)
    address = (
        request.build_absolute_uri(reverse("conferences:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(
        request,
        "conferences/calendar_feed.html",
        {"feed": feed, "address": address, "form": ConfirmForm()},
    )


def _uid(activity: Activity) -> str:
    # The same for every copy of one activity, so a calendar updates a moved booking in place.
    return f"activity-{activity.pk}@jomcase"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _event(activity: Activity, request, start, end) -> Event:
    event = Event()
    event.add("uid", _uid(activity))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(start))
    event.add("dtend", _utc(end))
    if activity.booked_at:
        event.add("last-modified", _utc(activity.booked_at))
    how = activity.get_channel_display()
    event.add("summary", f"{activity.get_kind_display()} ({how.lower()})" if how else "")
    if activity.place or how:
        event.add("location", activity.place or how)
    link = request.build_absolute_uri(reverse("conferences:activity", args=[activity.pk]))
    event.add("url", link)
    event.add("description", f"Details and the people taking part are in JOMCase: {link}")
    event.add("status", "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def activity_calendar(request, activity_id: int):
    """One booking as an .ics file to add to a calendar application."""
    activity = activity_or_404(request.user, activity_id)
    if activity.start is None or activity.state != ActivityState.BOOKED:
        raise Http404("This activity is not booked")
    calendar = _calendar("JOMCase")
    calendar.add_component(_event(activity, request, activity.start, activity.end))
    return _ics_response(calendar, f"activity-{activity.pk}.ics")


def calendar_feed(request, token: str):
    """A person's bookings for their calendar application; the token in the address is the key.

    No sign-in: calendar applications cannot sign in. An unknown or replaced token is 404.
    """
    owner = selectors.calendar_feed_owner(token)
    if owner is None:
        raise Http404("No calendar found")
    calendar = _calendar(f"JOMCase: {owner.display_name}")
    calendar.add("x-published-ttl", "PT1H")
    for entry in selectors.calendar_feed_bookings(owner):
        calendar.add_component(_event(entry.activity, request, entry.start, entry.end))
    return _ics_response(calendar, "jomcase.ics")
