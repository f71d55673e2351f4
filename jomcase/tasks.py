"""Core Celery tasks: a ping that proves a worker is taking tasks, and notification e-mails."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True)
def ping(self, *, message: str) -> dict[str, str]:
    """Answer the message with the name of the worker that took it, so a caller sees who replied."""
    return {"reply": f"pong: {message}", "worker": self.request.hostname or ""}


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def notification_email(*, notification_id: int) -> bool:
    """Send one notification's e-mail; running it again sends nothing more."""
    from jomcase.services import notification_email_send

    return notification_email_send(notification_id=notification_id)
