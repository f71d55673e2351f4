"""Writing a claimant's record: bad input is refused field by field and leaves no trace.

The services are the only writers of claimants (DESIGN.md section 3), so pages and the API
both rely on them to refuse an invalid National Insurance number, an unknown benefit, a
number already on file or a blank name, and to keep the history of moves between caseloads.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from claimants import services
from claimants.models import Benefit, CaseloadTransfer, Claimant
from tests.factories import ClaimantFactory, StaffFactory, TeamFactory, join_team

pytestmark = pytest.mark.django_db

GOOD = {
    "nino": "ab 12 34 56 c",
    "surname": "Okafor",
    "forenames": "Ada",
    "benefits": ["uc"],
}


def snapshot(claimant: Claimant) -> dict:
    """Everything a user could see of the record, read fresh from the database."""
    fresh = Claimant.objects.get(pk=claimant.pk)
    return {**model_to_dict(fresh), "non_benefit": fresh.non_benefit}


def test_create_normalises_the_nino_and_puts_the_claimant_with_the_actor(work_coach):
    claimant = services.claimant_create(actor=work_coach, **GOOD)
    stored = Claimant.objects.get(pk=claimant.pk)
    assert stored.nino == "AB123456C"
    assert stored.nino_display == "AB 12 34 56 C"
    assert stored.work_coach == work_coach
    assert stored.transfers.get().to_work_coach == work_coach


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({"nino": "QQ123456C"}, "nino", "cannot start with Q"),
        ({"nino": "AB123456E"}, "nino", "A, B, C or D"),
        ({"benefits": ["uc", "xyz"]}, "benefits", "xyz is not a benefit"),
        ({"surname": "   "}, "surname", "Enter the claimant's surname"),
        ({"forenames": ""}, "forenames", "first names"),
        ({"regime": "on_holiday"}, "regime", "on_holiday"),
        ({"conditionality": "sometimes"}, "conditionality", "sometimes"),
    ],
)
def test_create_with_bad_input_names_the_field_and_saves_nothing(work_coach, bad, field, words):
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(actor=work_coach, **{**GOOD, **bad})
    assert list(caught.value.message_dict) == [field]
    assert words in caught.value.message_dict[field][0]
    assert Claimant.objects.count() == 0
    assert CaseloadTransfer.objects.count() == 0


def test_create_reports_every_bad_field_at_once(work_coach):
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(
            actor=work_coach, nino="QQ123456C", surname="", forenames="Ada", benefits=["zz"]
        )
    assert set(caught.value.message_dict) == {"nino", "surname", "benefits"}
    assert Claimant.objects.count() == 0


def test_a_nino_already_on_file_is_refused_however_it_is_typed(work_coach):
    existing = ClaimantFactory(nino="AB123456C")
    before = snapshot(existing)
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(actor=work_coach, **{**GOOD, "nino": "ab-12-34-56-c"})
    assert "already recorded" in caught.value.message_dict["nino"][0]
    assert Claimant.objects.count() == 1
    assert snapshot(existing) == before


def test_a_wrong_holder_is_reported_with_the_other_problems(work_coach):
    elsewhere = StaffFactory(work_coach=True)
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(
            actor=work_coach, work_coach=elsewhere, **{**GOOD, "nino": "QQ123456C"}
        )
    assert set(caught.value.message_dict) == {"work_coach", "nino"}
    assert Claimant.objects.count() == 0


def test_a_missing_required_field_is_named(work_coach):
    fields = {k: v for k, v in GOOD.items() if k != "benefits"}
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(actor=work_coach, **fields)
    assert list(caught.value.message_dict) == ["benefits"]
    assert Claimant.objects.count() == 0


def test_an_analyst_may_not_add_a_claimant(analyst):
    with pytest.raises(PermissionDenied):
        services.claimant_create(actor=analyst, **GOOD)
    assert Claimant.objects.count() == 0


def test_a_coach_cannot_put_a_claimant_on_another_teams_caseload(work_coach):
    elsewhere = StaffFactory(work_coach=True)
    with pytest.raises(ValidationError) as caught:
        services.claimant_create(actor=work_coach, work_coach=elsewhere, **GOOD)
    assert "work_coach" in caught.value.message_dict
    assert Claimant.objects.count() == 0


def test_a_team_leader_may_add_to_a_coach_in_their_team():
    team = TeamFactory()
    coach = StaffFactory(work_coach=True)
    join_team(coach, team)
    claimant = services.claimant_create(actor=team.leader, work_coach=coach, **GOOD)
    assert Claimant.objects.get(pk=claimant.pk).work_coach == coach


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"nino": "AO123456A"}, "nino"),
        ({"benefits": ["pension"]}, "benefits"),
        ({"surname": ""}, "surname"),
        ({"vulnerability_exception": "x" * 501}, "vulnerability_exception"),
        ({"accessible_formats": ["audio"]}, "accessible_formats"),
    ],
)
def test_update_with_bad_input_names_the_field_and_changes_nothing(bad, field):
    claimant = ClaimantFactory()
    before = snapshot(claimant)
    history_before = claimant.history.count()
    with pytest.raises(ValidationError) as caught:
        services.claimant_update(
            actor=claimant.work_coach, claimant_id=claimant.pk, forenames="Changed", **bad
        )
    assert field in caught.value.message_dict
    assert snapshot(claimant) == before
    assert claimant.history.count() == history_before


def test_update_to_a_nino_another_claimant_holds_changes_nothing():
    other = ClaimantFactory(nino="JK000001A")
    claimant = ClaimantFactory()
    before = snapshot(claimant)
    with pytest.raises(ValidationError) as caught:
        services.claimant_update(
            actor=claimant.work_coach, claimant_id=claimant.pk, nino="jk 00 00 01 a"
        )
    assert "already recorded" in caught.value.message_dict["nino"][0]
    assert snapshot(claimant) == before
    assert Claimant.objects.get(pk=other.pk).nino == "JK000001A"


def test_update_keeps_the_claimants_own_nino():
    claimant = ClaimantFactory(nino="JK000001A")
    services.claimant_update(
        actor=claimant.work_coach, claimant_id=claimant.pk, nino="jk000001a", surname="New"
    )
    assert Claimant.objects.get(pk=claimant.pk).surname == "New"


def test_update_by_someone_else_is_refused_and_changes_nothing(work_coach):
    claimant = ClaimantFactory()
    before = snapshot(claimant)
    with pytest.raises(PermissionDenied):
        services.claimant_update(actor=work_coach, claimant_id=claimant.pk, surname="Hijack")
    assert snapshot(claimant) == before


def test_update_keeps_history_of_each_change():
    claimant = ClaimantFactory(surname="Before")
    services.claimant_update(actor=claimant.work_coach, claimant_id=claimant.pk, surname="After")
    surnames = [h.surname for h in claimant.history.order_by("history_date")]
    assert surnames[-2:] == ["Before", "After"]


@pytest.mark.parametrize(
    ("benefits", "non_benefit"),
    [
        (["uc"], False),
        (["jsa"], False),
        (["esa", "pip"], False),
        (["ib"], False),
        (["is"], False),
        (["pip"], True),
        (["dla", "aa"], True),
        ([], True),
    ],
)
def test_non_benefit_follows_the_benefits_claimed(work_coach, benefits, non_benefit):
    claimant = services.claimant_create(actor=work_coach, **{**GOOD, "benefits": benefits})
    assert claimant.non_benefit is non_benefit
    assert Claimant.objects.get(pk=claimant.pk).non_benefit is non_benefit


def test_non_benefit_changes_when_the_benefits_change():
    claimant = ClaimantFactory(benefits=[Benefit.UC])
    updated = services.claimant_update(
        actor=claimant.work_coach, claimant_id=claimant.pk, benefits=["pip"], regime=""
    )
    assert updated.non_benefit is True
    assert Claimant.objects.get(pk=claimant.pk).non_benefit is True


def test_vulnerability_exception_can_be_recorded_and_cleared():
    claimant = ClaimantFactory(non_benefit=True)
    services.claimant_update(
        actor=claimant.work_coach,
        claimant_id=claimant.pk,
        vulnerability_exception="  Clearly vulnerable  ",
    )
    fresh = Claimant.objects.get(pk=claimant.pk)
    assert fresh.vulnerability_exception == "Clearly vulnerable"
    assert fresh.eligible_for_support
    services.claimant_update(
        actor=claimant.work_coach, claimant_id=claimant.pk, vulnerability_exception=None
    )
    fresh = Claimant.objects.get(pk=claimant.pk)
    assert fresh.vulnerability_exception is None
    assert not fresh.eligible_for_support


def test_transfer_moves_the_claimant_and_records_who_from_and_to():
    team = TeamFactory()
    first, second = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    join_team(first, team)
    join_team(second, team)
    claimant = ClaimantFactory(work_coach=first)
    transfer = services.claimant_transfer(
        actor=first, claimant_id=claimant.pk, to_work_coach=second, reason=" Moved office "
    )
    assert Claimant.objects.get(pk=claimant.pk).work_coach == second
    moves = list(claimant.transfers.order_by("at", "id"))
    assert moves[-1] == transfer
    assert (transfer.from_work_coach, transfer.to_work_coach, transfer.by) == (
        first,
        second,
        first,
    )
    assert transfer.reason == "Moved office"


def test_transfer_to_someone_who_is_not_a_work_coach_changes_nothing():
    claimant = ClaimantFactory()
    dea = StaffFactory(dea=True)
    before = snapshot(claimant)
    transfers = claimant.transfers.count()
    with pytest.raises(ValidationError) as caught:
        services.claimant_transfer(
            actor=claimant.work_coach, claimant_id=claimant.pk, to_work_coach=dea
        )
    assert "work_coach" in caught.value.message_dict
    assert snapshot(claimant) == before
    assert claimant.transfers.count() == transfers


def test_changing_holder_and_details_together_does_both():
    team = TeamFactory()
    first, second = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    join_team(first, team)
    join_team(second, team)
    claimant = ClaimantFactory(work_coach=first, surname="Before")
    services.claimant_update(
        actor=first, claimant_id=claimant.pk, work_coach=second, surname="After"
    )
    fresh = Claimant.objects.get(pk=claimant.pk)
    assert (fresh.work_coach, fresh.surname) == (second, "After")
    assert claimant.transfers.order_by("at", "id").last().to_work_coach == second


def test_a_bad_detail_alongside_a_move_leaves_the_claimant_where_they_were():
    team = TeamFactory()
    first, second = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    join_team(first, team)
    join_team(second, team)
    claimant = ClaimantFactory(work_coach=first)
    before = snapshot(claimant)
    transfers = claimant.transfers.count()
    with pytest.raises(ValidationError):
        services.claimant_update(
            actor=first, claimant_id=claimant.pk, work_coach=second, nino="QQ123456C"
        )
    assert snapshot(claimant) == before
    assert claimant.transfers.count() == transfers


def test_a_claimant_moves_only_to_a_coach_on_the_movers_team():
    """A stranger's caseload anywhere in the country is refused, and nothing changes."""
    team = TeamFactory()
    coach, stranger = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    join_team(coach, team)
    join_team(stranger, TeamFactory())
    claimant = ClaimantFactory(work_coach=coach)
    before = snapshot(claimant)
    for move in (
        lambda: services.claimant_transfer(
            actor=coach, claimant_id=claimant.pk, to_work_coach=stranger
        ),
        lambda: services.claimant_update(actor=coach, claimant_id=claimant.pk, work_coach=stranger),
    ):
        with pytest.raises(ValidationError) as caught:
            move()
        assert caught.value.message_dict["work_coach"] == ["Choose a work coach on your team"]
    assert snapshot(claimant) == before
    assert not claimant.transfers.filter(to_work_coach=stranger).exists()
