from claimants.models import Claimant
from tests.factories import ClaimantFactory


def test_non_benefit_is_derived(db):
    on_uc = ClaimantFactory()
    pip_only = ClaimantFactory(non_benefit=True)
    assert Claimant.objects.get(pk=on_uc.pk).non_benefit is False
    assert Claimant.objects.get(pk=pip_only.pk).non_benefit is True
