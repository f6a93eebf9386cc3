import pytest
from django.http import Http404

from zhongshu.org.models import OrgUnit, User
from zhongshu.org.scope import get_visible_or_404, unit_range


def names(qs):
    return sorted(u.short_name for u in qs)


def test_liaison_sees_own_unit_and_below(city, make_user):
    liaison = make_user("liaison", city.traffic)
    assert names(OrgUnit.objects.restrict(liaison)) == ["公路科", "市交通局"]


def test_unit_staff_sees_own_unit_only(city, make_user):
    staff = make_user("unit_staff", city.traffic)
    assert names(OrgUnit.objects.restrict(staff)) == ["市交通局"]


def test_supervisor_and_city_leader_see_everything(city, make_user):
    for role in ("supervisor", "city_leader"):
        user = make_user(role, city.office)
        assert OrgUnit.objects.restrict(user).count() == OrgUnit.objects.count()


def test_administrators_and_roleless_users_see_no_business_records(city, make_user):
    for role in ("sysadmin", "secadmin", "auditadmin", []):
        user = make_user(role, city.office)
        assert not OrgUnit.objects.restrict(user).exists()


def test_guessed_id_of_another_unit_is_404(city, make_user):
    liaison = make_user("liaison", city.traffic)
    other = make_user("unit_staff", city.water)
    with pytest.raises(Http404):
        get_visible_or_404(User, liaison, pk=other.pk)
    assert get_visible_or_404(User, liaison, pk=liaison.pk) == liaison


def test_moving_a_unit_moves_its_subtree(city, make_user):
    city.traffic.parent = city.east
    city.traffic.save()
    road = OrgUnit.objects.get(pk=city.traffic_road.pk)
    assert road.path.startswith(city.east.path) and road.depth == 3
    leader = make_user("unit_leader", city.east)
    assert "公路科" in names(OrgUnit.objects.restrict(leader))
    assert unit_range(leader).path == city.east.path
