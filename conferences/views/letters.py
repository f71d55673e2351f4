"""The claimant's notification letter for a booked three-way [25] or CSI [40]: a page to print
and a PDF, in large print when the claimant's record asks for it.

The PDF is drawn with fpdf2: pure Python, installed from a wheel with no system libraries,
and maintained. Its built-in Helvetica needs no font files; it covers Western European
letters, and anything else is replaced rather than dropped silently.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from fpdf import FPDF

from claimants.models import AccessibleFormat, Conditionality
from conferences import selectors
from conferences.models import Activity, ActivityKind, ActivityState, MeetingChannel
from conferences.views.activities import LETTER_KINDS
from conferences.views.common import activity_or_404, log_claimant_read

#: Point sizes: a standard letter, and large print (at least 16pt; 18pt is common practice).
STANDARD_PT = 12
LARGE_PRINT_PT = 18


def _letter_activity(request, activity_id: int) -> Activity:
    """A booked three-way or CSI whose claimant the user may see; 404 otherwise."""
    activity = activity_or_404(request.user, activity_id)
    if (
        activity.kind not in LETTER_KINDS
        or activity.state != ActivityState.BOOKED
        or not selectors.shows_claimant(request.user, activity)
    ):
        raise Http404("There is no letter for this activity")
    log_claimant_read(request, activity)
    return activity


def _where(activity: Activity, jobcentre: str) -> tuple[str, str]:
    """The letter's "where" or "how" line for the meeting's channel."""
    place = activity.place
    if activity.channel == MeetingChannel.FACE_TO_FACE:
        return "Where", place or jobcentre or "Your jobcentre"
    if activity.channel == MeetingChannel.PHONE:
        return "How", "By phone. We will call you" + (f" ({place})" if place else "")
    if activity.channel == MeetingChannel.VIDEO:
        return "How", "By video call" + (f": {place}" if place else "")
    return "How", "By e-mail" + (f": {place}" if place else "")


def letter_content(activity: Activity) -> dict:
    """What the letter says, shared by the page and the PDF so they never differ."""
    claimant = activity.claimant
    coach = activity.work_coach
    dea = activity.dea
    jobcentre_of = dea.jobcentre or (coach.jobcentre if coach else None)
    jobcentre = jobcentre_of.name if jobcentre_of else ""
    start, end = timezone.localtime(activity.start), timezone.localtime(activity.end)
    formats = set(claimant.accessible_formats or ())
    mandatory = (
        activity.kind == ActivityKind.THREE_WAY
        and claimant.conditionality == Conditionality.MANDATORY
    )
    if activity.kind == ActivityKind.THREE_WAY:
        title = "Your appointment with your work coach and a Disability Employment Adviser"
        about = [
            f"We have booked a meeting for you with your work coach, "
            f"{coach.display_name if coach else 'at the jobcentre'}, and "
            f"{dea.display_name}, a Disability Employment Adviser.",
            "A Disability Employment Adviser helps work coaches support people whose health "
            "condition or disability affects their search for work. You agreed that the "
            "adviser could join this meeting. Your work coach will lead it.",
        ]
    else:
        title = "Your support meeting with a Disability Employment Adviser"
        about = [
            f"We have booked a meeting for you with {dea.display_name}, a Disability "
            "Employment Adviser.",
            "They will talk with you about support that could help you move towards work. "
            "Your work coach will not be at this meeting.",
        ]
    if mandatory:
        attendance = [
            "This appointment is part of the conditions of your claim. If you do not go and "
            "do not have a good reason, your benefit payments could be reduced or stopped.",
            "If you cannot go, contact your work coach before the appointment.",
        ]
    elif activity.kind == ActivityKind.THREE_WAY:
        attendance = [
            "Going to this meeting is your choice. If you cannot go, please tell your work coach."
        ]
    else:
        attendance = [
            "Going to this meeting is your choice. Your usual appointments with your work "
            "coach carry on as before, and so do the conditions of your claim.",
            "If you cannot go, please tell your work coach or the adviser.",
        ]
    where_label, where = _where(activity, jobcentre)
    signed = activity.booked_by or (coach if activity.kind == ActivityKind.THREE_WAY else dea)
    return {
        "title": title,
        "sent_on": timezone.localdate(),
        "name": claimant.full_name,
        "reference": claimant.nino_display,
        "jobcentre": jobcentre,
        "greeting": f"Dear {claimant.full_name}",
        "about": about,
        "details": [
            ("Date", f"{start:%A %-d %B %Y}"),
            ("Time", f"{start:%H:%M} to {end:%H:%M}"),
            (where_label, where),
        ],
        "attendance": attendance,
        "mandatory": mandatory,
        "sign_off": "Yours sincerely",
        "signed": signed.display_name if signed else "",
        "large_print": AccessibleFormat.LARGE_PRINT in formats,
        "braille": AccessibleFormat.BRAILLE in formats,
    }


@login_required
def letter(request, activity_id: int):
    """The letter as a page to print from the browser."""
    activity = _letter_activity(request, activity_id)
    return render(
        request,
        "conferences/letter.html",
        {"activity": activity, "letter": letter_content(activity)},
    )


_PUNCTUATION = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def _latin1(text: str) -> str:
    """Text Helvetica can draw: typographic punctuation made plain, other letters unaccented."""
    text = str(text).translate(_PUNCTUATION)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def letter_pdf_bytes(content: dict) -> bytes:
    size = LARGE_PRINT_PT if content["large_print"] else STANDARD_PT
    line = size * 0.55  # line height in mm for the point size
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(_latin1(content["title"]))
    pdf.set_author("Department for Work and Pensions")
    pdf.set_lang("en-GB")
    pdf.add_page()

    def para(text: str, *, bold: bool = False, gap: float = 0.6) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(0, line, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line * gap)

    para("Department for Work and Pensions", bold=True, gap=0)
    if content["jobcentre"]:
        para(content["jobcentre"], gap=0)
    pdf.ln(line)
    para(f"Date: {content['sent_on']:%-d %B %Y}", gap=0)
    para(f"Our reference: {content['reference']}")
    para(content["name"], bold=True)
    para(content["title"], bold=True, gap=1)
    para(content["greeting"] + ",")
    for text in content["about"]:
        para(text)
    for label, value in content["details"]:
        para(f"{label}: {value}", bold=True, gap=0.2)
    pdf.ln(line * 0.6)
    for text in content["attendance"]:
        para(text, bold=content["mandatory"])
    para(content["sign_off"] + ",", gap=0)
    para(content["signed"], gap=0)
    return bytes(pdf.output())


@login_required
def letter_pdf(request, activity_id: int):
    """The letter as a PDF, to print or to send on."""
    activity = _letter_activity(request, activity_id)
    response = HttpResponse(letter_pdf_bytes(letter_content(activity)), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{activity.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
