"""The first published version of each QAS checklist, written for JOMCase.

The guidance names the three checks and what each observes (seed 002 [69]) but not their
questions, so these are our own: what a team leader would look for in each kind of work,
drawn from the rules in DESIGN.md sections 5 and 6. The migration that seeds them imports
this module, so never edit a published version here: publish a new version through the admin,
and every past check keeps the questions it was answered against.
"""

from __future__ import annotations

from django.utils import timezone

# (question, guidance) in the order they are asked.
QAS1_V1 = (
    (
        "The DEA prepared for the intervention",
        "They had read the request, the claimant's record and any earlier work with them, "
        "and knew what the work coach hoped the intervention would achieve.",
    ),
    (
        "The claimant understood what the intervention is and agreed to it",
        "The DEA explained their role, that taking part is voluntary, and that the claimant's "
        "usual appointments and requirements with their work coach carry on as before.",
    ),
    (
        "The meeting suited the claimant's needs",
        "It was face to face, the claimant was told the date and time in a way they could "
        "use (large print or braille letters where needed), and adjustments were offered.",
    ),
    (
        "The DEA explored how the claimant's health or disability affects work",
        "Questions were open and sensitive, the claimant led the conversation where they "
        "could, and the DEA kept to what matters for moving towards work.",
    ),
    (
        "Any risk to the claimant was spotted and handled",
        "Signs of crisis or a declared intention of self-harm were followed up at once under "
        "the six point plan, and the record says what was done.",
    ),
    (
        "Next steps were agreed, realistic and owned",
        "The claimant and the DEA agreed what happens next, who does it and by when, and the "
        "claimant knows how to get further help.",
    ),
    (
        "The work coach was sent a summary with next actions",
        "The summary reached the work coach promptly and gives them what they need to carry "
        "the claimant's plan forward.",
    ),
    (
        "The outcome is recorded accurately",
        "Outcomes and follow-on work are in JOMCase, match what happened, and the count of "
        "interventions for the claimant stays within what is allowed or approved.",
    ),
)

QAS2_V1 = (
    (
        "The DEA understood the request before the meeting",
        "They checked what the work coach was asking for and, where it was unclear, asked "
        "for what was missing rather than guessing.",
    ),
    (
        "The right kind of support was chosen and booked in time",
        "The channel fitted the need (case conference, skill conference or three-way), it "
        "was in both diaries, and it took place by the date the work coach needed.",
    ),
    (
        "The DEA built the work coach's own skills and confidence",
        "The work coach left able to support this claimant, and others like them, without "
        "the DEA taking the case over.",
    ),
    (
        "The advice was accurate and specific",
        "It fitted the claimant's circumstances or the work coach's knowledge gap, and drew "
        "on local provision, partners and the Disability Hub where that helped.",
    ),
    (
        "For a three-way, the claimant was properly prepared",
        "The claimant had agreed to take part after hearing the DEA's role and, on a "
        "mandatory regime, what not attending would mean. Not applicable to other meetings.",
    ),
    (
        "Actions were agreed with an owner and a date",
        "The work coach knows what they will do next, and agreed activity goes on the "
        "claimant's development plan where that fits.",
    ),
    (
        "Follow-on support was considered",
        "A further conference, a claimant support intervention, a case for the group "
        "conference or an action for a partner was considered, and chosen where it helps.",
    ),
    (
        "The summary of outputs and outcomes are recorded",
        "The summary went to the DEA's team leader and the outcomes in JOMCase match what "
        "was agreed.",
    ),
)

GROUP_CHECKLIST_V1 = (
    (
        "Every coach in the cohort was invited to a session this month",
        "No coach was left out, and this session had no more than ten work coaches.",
    ),
    (
        "The session was long enough and well run",
        "It lasted at least an hour, started on time and kept to its agenda.",
    ),
    (
        "Cases were chosen and shared in advance",
        "Three or four cases, nominated by the team leader or from earlier outcomes, with "
        "enough information for the coaches to prepare.",
    ),
    (
        "The DEA involved every coach in the discussion",
        "Coaches shared ideas and experience rather than listening to a presentation, and "
        "the discussion stayed on the cases.",
    ),
    (
        "Learning was drawn out for the whole group",
        "The DEA linked the cases to wider points (conditions, adjustments, local provision) "
        "that coaches can use with other claimants.",
    ),
    (
        "Trends in the cohort's requests were used",
        "Topics that keep coming up in requests were raised, with up-skilling offered where "
        "it would help.",
    ),
    (
        "An outcome was agreed for each case",
        "Each case left with an outcome and the actions that follow from it, each with an owner.",
    ),
    (
        "Attendance and outcomes are recorded",
        "Who came and what was decided are in JOMCase, so follow-on work is created and the "
        "cohort's monthly figures are right.",
    ),
)

FIRST_VERSIONS = {
    "qas1": (
        "Observe the DEA with the claimant. The work coach is not there.",
        QAS1_V1,
    ),
    "qas2": (
        "Observe a case conference, skill conference or three-way intervention; the focus "
        "is the case conference.",
        QAS2_V1,
    ),
    "group_checklist": (
        "Observe a group work coach conference from start to finish.",
        GROUP_CHECKLIST_V1,
    ),
}


def seed_first_versions(template_model, criterion_model, *, published_at=None) -> int:
    """Publish version 1 of any checklist that has no version yet; returns how many it made.

    Takes the models as arguments so the data migration can pass its historical ones.
    """
    published_at = published_at or timezone.now()
    made = 0
    for check_type, (introduction, questions) in FIRST_VERSIONS.items():
        if template_model.objects.filter(check_type=check_type).exists():
            continue
        template = template_model.objects.create(
            check_type=check_type,
            version=1,
            introduction=introduction,
            published_at=published_at,
        )
        criterion_model.objects.bulk_create(
            criterion_model(template=template, position=n, text=text, guidance=guidance)
            for n, (text, guidance) in enumerate(questions, start=1)
        )
        made += 1
    return made
