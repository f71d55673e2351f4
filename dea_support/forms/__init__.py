"""Forms of the dea_support pages: cohorts here; the filing journey and triage in their modules."""

from dea_support.forms.cohorts import AddMemberForm, EndMemberForm, GovukDateField

__all__ = ["AddMemberForm", "EndMemberForm", "GovukDateField"]
