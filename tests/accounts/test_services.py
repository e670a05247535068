"""The accounts' services: the reference list of local governments, and the record of access decisions."""

from accounts.models import LocalGovernment
from accounts.services import load_local_governments


def test_reference_data_has_every_flemish_municipality_and_province(db):
    municipalities = LocalGovernment.objects.municipalities()
    assert municipalities.active().count() == 285
    assert LocalGovernment.objects.provinces().count() == 5
    per_province = {
        p.name: municipalities.active().filter(province=p).count() for p in LocalGovernment.objects.provinces()
    }
    assert per_province == {
        "Antwerpen": 67,
        "Vlaams-Brabant": 63,
        "West-Vlaanderen": 62,
        "Oost-Vlaanderen": 55,
        "Limburg": 38,
    }
    assert sum(municipalities.active().values_list("population", flat=True)) == 6_629_143


def test_ceased_municipalities_point_to_their_successor(db):
    ceased = LocalGovernment.objects.filter(is_active=False)
    assert ceased.count() == 27
    assert LocalGovernment.objects.find("borsbeek").successor.name == "Antwerpen"
    assert LocalGovernment.objects.find("kortessem").successor.nis_code == "71072"
    old_hasselt = LocalGovernment.objects.find("71022")
    assert (old_hasselt.is_active, old_hasselt.successor.nis_code) == (False, "71072")
    assert LocalGovernment.objects.find("hasselt").nis_code == "71072"  # the name belongs to the new one
    assert not ceased.filter(successor__is_active=False).exists()


def test_loading_again_changes_nothing(db):
    before = LocalGovernment.objects.count()
    assert load_local_governments() == {"provinces": 5, "municipalities": 285, "ceased": 27}
    assert LocalGovernment.objects.count() == before


def test_find_is_forgiving_about_case_and_blanks(db):
    assert LocalGovernment.objects.find(" GENT ").nis_code == "44021"
    assert LocalGovernment.objects.find("") is None
    assert LocalGovernment.objects.find("99999") is None


def test_every_decision_on_access_is_an_append_only_record(editor, gent, django_capture_on_commit_callbacks):
    import pytest

    from accounts import services
    from accounts.models import AccountAction, AccountDecision
    from vlaanderenhelpt.models import ImmutableRecordError

    invitation = services.invite(editor=editor, email="Nieuw@Gent.be", local_government=gent)
    assert invitation.email == "nieuw@gent.be"
    request = services.request_access(
        full_name="Anna", email="anna@gent.be", function="Beleid", local_government=gent, motivation="Werk."
    )
    services.decide_access_request(access_request=request, editor=editor, approve=False, reason="Geen lid.")
    rows = list(AccountDecision.objects.values_list("action", "email", "actor", "reason"))
    assert rows == [
        (AccountAction.INVITE, "nieuw@gent.be", editor.pk, ""),
        (AccountAction.REQUEST_ACCESS, "anna@gent.be", None, ""),
        (AccountAction.DECLINE_ACCESS, "anna@gent.be", editor.pk, "Geen lid."),
    ]
    with pytest.raises(ImmutableRecordError):
        AccountDecision.objects.update(reason="x")
    with pytest.raises(ImmutableRecordError):
        AccountDecision.objects.first().delete()
