"""Forms of the conferences pages; each validates input and hands it to one service."""

from conferences.forms.activities import (
    BookForm,
    CancelForm,
    ConfirmForm,
    ConsentForm,
    HoldingResponseForm,
    InformationForm,
    OutcomeForm,
    WorkFilterForm,
)
from conferences.forms.other import (
    ActionDoneForm,
    CsiApprovalForm,
    CsiDirectRequestForm,
    UnavailabilityForm,
)

__all__ = [
    "ActionDoneForm",
    "BookForm",
    "CancelForm",
    "ConfirmForm",
    "ConsentForm",
    "CsiApprovalForm",
    "CsiDirectRequestForm",
    "HoldingResponseForm",
    "InformationForm",
    "OutcomeForm",
    "UnavailabilityForm",
    "WorkFilterForm",
]
