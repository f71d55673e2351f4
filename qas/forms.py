"""The checklist form: one set of radios per question, with an optional comment and evidence
note, then the overall result and the feedback. It only validates input; the service decides
whether the check may be saved."""

from __future__ import annotations

from django import forms

from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin
from qas.models import Answer, Criterion, Result
from qas.services import AnswerInput, Feedback


class ChecklistForm(ServiceErrorsMixin, forms.Form):
    """A field trio for each question of one checklist version, then the feedback."""

    result = forms.ChoiceField(
        label="Overall, did the DEA achieve the standard?",
        choices=Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the DEA achieved the standard"},
    )
    positive_feedback = forms.CharField(
        label="What went well (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    areas_to_improve = forms.CharField(
        label="Areas to improve",
        help_text="Needed when the standard was not achieved",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    feedback_given_on = DateInputField(
        label="When did you give the DEA this feedback? (optional)",
        what="The feedback date",
        help_text="For example, 27 3 2027",
        required=False,
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            n = criterion.position
            self.fields[f"answer_{criterion.pk}"] = forms.ChoiceField(
                label=f"{n}. {criterion.text}",
                help_text=criterion.guidance,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select met, not met or not applicable for question {n}"
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on question {n} (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=f"Evidence for question {n} (optional)",
                help_text="What you saw or read that shows it",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        # The questions come first, then the overall result and the feedback.
        self.order_fields(
            [
                name
                for c in criteria
                for name in (f"answer_{c.pk}", f"comment_{c.pk}", f"evidence_{c.pk}")
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("result") == Result.NOT_ACHIEVED and not data.get("areas_to_improve"):
            self.add_error("areas_to_improve", "Say what the DEA should improve")
        return data

    def questions(self) -> list[dict]:
        return [
            {
                "criterion": c,
                "answer": self[f"answer_{c.pk}"],
                "comment": self[f"comment_{c.pk}"],
                "evidence": self[f"evidence_{c.pk}"],
            }
            for c in self.criteria
        ]

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        return {
            c.pk: AnswerInput(
                answer=data[f"answer_{c.pk}"],
                comment=data[f"comment_{c.pk}"],
                evidence=data[f"evidence_{c.pk}"],
            )
            for c in self.criteria
        }

    def feedback(self) -> Feedback:
        data = self.cleaned_data
        return Feedback(
            result=data["result"],
            positive_feedback=data["positive_feedback"],
            areas_to_improve=data["areas_to_improve"],
            feedback_given_on=data["feedback_given_on"],
        )

    @classmethod
    def initial_from(cls, qas_check) -> dict:
        """The form's starting values for editing a signed-off check."""
        initial = {
            "result": qas_check.result,
            "positive_feedback": qas_check.positive_feedback,
            "areas_to_improve": qas_check.areas_to_improve,
            "feedback_given_on": qas_check.feedback_given_on,
        }
        for row in qas_check.answers.all():
            initial[f"answer_{row.criterion_id}"] = row.answer
            initial[f"comment_{row.criterion_id}"] = row.comment
            initial[f"evidence_{row.criterion_id}"] = row.evidence
        return initial
