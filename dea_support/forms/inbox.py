"""The filters of the DEA's inbox and of the requester's own list of requests."""

from __future__ import annotations

from django import forms

from dea_support.models import RequestKind, RequestState
from dea_support.selectors import Due

PAGE_SIZES = (10, 25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 25

SORT_CHOICES = [
    ("required_by", "Response needed, soonest first"),
    ("-required_by", "Response needed, latest first"),
    ("oldest", "Waiting longest first"),
    ("newest", "Newest first"),
]


#: How long a search may be: a reference, a National Insurance number or a few names.
SEARCH_MAX_LENGTH = 100


class RequestSearchField(forms.CharField):
    """The search box of a list of requests (``selectors.search_q`` says what it finds)."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Search",
            help_text="A reference, a National Insurance number or a claimant's name",
            required=False,
            max_length=SEARCH_MAX_LENGTH,
            error_messages={
                "max_length": f"Search must be {SEARCH_MAX_LENGTH} characters or fewer"
            },
            **kwargs,
        )


#: The inbox's filters that narrow what a state tab lists (the topic last).
NARROWING = ("search", "kind", "coach", "dea", "due", "topic")


class InboxFilterForm(forms.Form):
    """What the inbox shows. The state comes from the tabs above the table, not a field."""

    search = RequestSearchField()
    state = forms.ChoiceField(
        required=False, choices=[("", "Open"), ("all", "All"), *RequestState.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *RequestKind.choices]
    )
    coach = forms.TypedChoiceField(
        label="Requested by", required=False, coerce=int, empty_value=None
    )
    dea = forms.TypedChoiceField(label="DEA", required=False, coerce=int, empty_value=None)
    due = forms.ChoiceField(
        label="Response needed", required=False, choices=[("", "Any time"), *Due.choices]
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    size = forms.TypedChoiceField(
        label="Requests per page",
        required=False,
        coerce=int,
        empty_value=DEFAULT_PAGE_SIZE,
        choices=[(n, str(n)) for n in PAGE_SIZES],
    )

    def __init__(self, data=None, *, coaches, deas=None, topics=()):
        if data is not None and not data.get("size"):
            # So the page-size list shows the size in use when none was chosen.
            data = data.copy()
            data["size"] = str(DEFAULT_PAGE_SIZE)
        super().__init__(data, initial={"size": DEFAULT_PAGE_SIZE})
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose one of the options in the list"
        self.fields["coach"].choices = [("", "Anyone")] + [(c.pk, c.display_name) for c in coaches]
        if deas is None:
            del self.fields["dea"]
        else:
            self.fields["dea"].choices = [("", "Any DEA")] + [(d.pk, d.display_name) for d in deas]
        # The topics the DEA has tagged the inbox's requests with [12]; none yet, no filter.
        if topics:
            self.fields["topic"].choices = [("", "Any topic")] + [(t, t) for t in topics]
        else:
            del self.fields["topic"]

    def filters(self) -> dict:
        """The chosen filters; a value that is not allowed is left out (and shown as an error)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("search") or "",
            "state": data.get("state") or None,
            "kind": data.get("kind") or None,
            "coach_id": data.get("coach"),
            "dea_id": data.get("dea"),
            "due": data.get("due") or None,
            "topic": data.get("topic") or "",
            "sort": data.get("sort") or "required_by",
            "size": data.get("size") or DEFAULT_PAGE_SIZE,
        }

    @property
    def narrowed(self) -> bool:
        """Whether any filter other than the state tab and the sort is in use."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in NARROWING)

    @property
    def narrowed_by_topic_only(self) -> bool:
        """Whether the topic is the one filter in use, so an empty list can say just that."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("topic")) and not any(data.get(name) for name in NARROWING[:-1])


class MyRequestsSearchForm(forms.Form):
    """The search box of the requester's own list of requests."""

    search = RequestSearchField()

    def text(self) -> str:
        """What to search for; empty for nothing typed or a search too long (shown as an error)."""
        return self.cleaned_data.get("search", "") if self.is_valid() else ""
