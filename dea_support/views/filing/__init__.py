"""The filing journey: asking a DEA for help, one question a page (DESIGN.md section 4).

The answers wait in the session under the journey's own id, which is part of every address
in the journey, so two requests started in two tabs keep apart. Each page asks
``support_request_check`` about its own answers, so a problem shows where it can be put
right; only the check page files the request, through ``support_request_file``, and only
once however often it is sent. The journey's state is in ``journey``, its question pages in
``questions`` and its end in ``check``; the pages are all imported here for the URLs.
"""

from dea_support.views.filing.check import check, confirmation
from dea_support.views.filing.journey import FILED, JOURNEYS
from dea_support.views.filing.questions import claimant, question, start

__all__ = ["FILED", "JOURNEYS", "check", "claimant", "confirmation", "question", "start"]
