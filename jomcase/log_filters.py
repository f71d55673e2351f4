"""Filters for the service's logs."""

from __future__ import annotations

import logging


class ForbiddenOnOneLine(logging.Filter):
    """Log a refused request (403) as one line: its path, who asked and why it was refused.

    A 403 is someone's role not allowing a page or a change, not a fault in the code, so the
    traceback Django attaches would only bury the lines that matter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        reason = ""
        if record.exc_info and record.exc_info[1] is not None:
            reason = " ".join(str(record.exc_info[1]).split())
        user = getattr(getattr(record, "request", None), "user", None)
        user_id = getattr(user, "pk", None)
        line = f"{record.getMessage()} user={user_id if user_id is not None else 'anonymous'}"
        record.msg = f"{line} {reason}" if reason else line
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True
