"""The beat schedule of the scheduled rules (DESIGN.md section 9), kept in the database.

django-celery-beat reads schedules from the database so administrators can change them in
the admin. After every ``migrate``, :func:`install_schedules` adds any rule that has no
schedule yet, with the default below, and leaves existing ones (and any edits) alone.
Times are UTC. Task names are strings, so this core module needs none of the apps' code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    day_of_month: str = "*"
    description: str = ""


SCHEDULES = (
    Schedule(
        "Required response dates",
        "dea_support.tasks.response_dates",
        minute="0",
        hour="7",
        description="Requests due within 2 working days go to the DEA; overdue ones to the "
        "DEA and their team leader.",
    ),
    Schedule(
        "Waiting for the requester",
        "dea_support.tasks.info_request_reminders",
        minute="10",
        hour="7",
        description="Requesters who have not answered the DEA's question are reminded after 2 "
        "and 5 working days; at 5 the DEA is told too.",
    ),
    Schedule(
        "Referral trends",
        "dea_support.tasks.referral_trends",
        minute="30",
        hour="6",
        description="Repeated requests from one coach or on one topic go to the team leaders.",
    ),
    Schedule(
        "Group conference compliance",
        "conferences.tasks.group_conference_compliance",
        minute="15",
        hour="6",
        description="Each cohort's sessions for the next four months and last month's.",
    ),
    Schedule(
        "CSI cap audit",
        "conferences.tasks.csi_cap_audit_run",
        minute="45",
        hour="6",
        description="Claimants over three CSIs without approvals go to the team leader.",
    ),
    Schedule(
        "Cover dates",
        "conferences.tasks.cover_dates",
        minute="5",
        hour="0",
        description="Covers starting today move the away DEA's open requests to the covering "
        "DEA; covers that ended yesterday give the ones still open back.",
    ),
    Schedule(
        "Information reminders",
        "conferences.tasks.information_reminders",
        minute="0",
        hour="8",
        description="Holding responses past their expected date go back to the DEA.",
    ),
    Schedule(
        "QAS checks due",
        "qas.tasks.qas_due",
        minute="30",
        hour="7",
        description="Each DEA's due and overdue QAS checks go to their team leader.",
    ),
    Schedule(
        "Monthly FTE snapshot",
        "reports.tasks.fte_snapshot",
        minute="0",
        hour="2",
        day_of_month="1",
        description="The month's FTE returns from the staff register, for headcount.",
    ),
)


def install_schedules(**kwargs) -> int:
    """Create the schedules that do not exist yet; returns how many were added."""
    from django.db import connection
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connection.introspection.table_names():
        return 0  # a partial migrate that has not reached django_celery_beat yet
    added = 0
    for item in SCHEDULES:
        if PeriodicTask.objects.filter(name=item.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=item.minute,
            hour=item.hour,
            day_of_month=item.day_of_month,
            month_of_year="*",
            day_of_week="*",
            timezone="UTC",
        )
        PeriodicTask.objects.create(
            name=item.name, task=item.task, crontab=crontab, description=item.description
        )
        added += 1
    return added
