"""The access rules, as a table a reviewer can read against the role descriptions.

The people: an administrator; the region lead of region "north"; the partnership lead, a
respondent for the police, an analyst and a viewer, all of partnership "p1" (in "north").
The targets: their own partnership and (for the respondent) own agency, the police; another
agency of the same partnership, the council; another partnership of the same region, "p2";
a partnership of another region, "p3" in "south".
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from readiness.access.policy import (
    ROLE_PERMISSIONS,
    Grant,
    Permission,
    Role,
    Target,
    administrators_from,
    decide,
    visible_partnerships,
)

PEOPLE = {
    "admin": Grant(email="admin@vru.gov.uk", role="administrator"),
    "region": Grant(email="vrn@pcc.gov.uk", role="region_lead", region_id="north"),
    "lead": Grant(email="lead@csp.gov.uk", role="partnership_lead", partnership_id="p1"),
    "respondent": Grant(
        email="pc@police.uk", role="respondent", partnership_id="p1", agency_id="police"
    ),
    "analyst": Grant(email="analyst@csp.gov.uk", role="analyst", partnership_id="p1"),
    "viewer": Grant(email="board@csp.gov.uk", role="viewer", partnership_id="p1"),
}
TARGETS = {
    "own": Target("north", "p1", "police"),
    "other agency": Target("north", "p1", "council"),
    "other partnership": Target("north", "p2", "police"),
    "other region": Target("south", "p3", "police"),
}

MATRIX = """
permission               target            | admin | region | lead | respondent | analyst | viewer
view_results             own               | yes   | yes    | yes  | yes        | yes     | yes
view_results             other agency      | yes   | yes    | yes  | yes        | yes     | yes
view_results             other partnership | yes   | yes    | -    | -          | -       | -
view_results             other region      | yes   | -      | -    | -          | -       | -
view_action_plan         own               | yes   | yes    | yes  | yes        | -       | yes
view_action_plan         other agency      | yes   | yes    | yes  | yes        | -       | yes
view_action_plan         other partnership | yes   | yes    | -    | -          | -       | -
view_action_plan         other region      | yes   | -      | -    | -          | -       | -
compare_region           own               | yes   | yes    | -    | -          | -       | -
compare_region           other agency      | yes   | yes    | -    | -          | -       | -
compare_region           other partnership | yes   | yes    | -    | -          | -       | -
compare_region           other region      | yes   | -      | -    | -          | -       | -
answer                   own               | yes   | -      | yes  | yes        | -       | -
answer                   other agency      | yes   | -      | yes  | -          | -       | -
answer                   other partnership | yes   | -      | -    | -          | -       | -
answer                   other region      | yes   | -      | -    | -          | -       | -
edit_setup               own               | yes   | -      | yes  | -          | -       | -
edit_setup               other agency      | yes   | -      | yes  | -          | -       | -
edit_setup               other partnership | yes   | -      | -    | -          | -       | -
edit_setup               other region      | yes   | -      | -    | -          | -       | -
manage_rounds            own               | yes   | -      | yes  | -          | -       | -
manage_rounds            other agency      | yes   | -      | yes  | -          | -       | -
manage_rounds            other partnership | yes   | -      | -    | -          | -       | -
manage_rounds            other region      | yes   | -      | -    | -          | -       | -
edit_any_action          own               | yes   | -      | yes  | -          | -       | -
edit_any_action          other agency      | yes   | -      | yes  | -          | -       | -
edit_any_action          other partnership | yes   | -      | -    | -          | -       | -
edit_any_action          other region      | yes   | -      | -    | -          | -       | -
edit_agency_action       own               | yes   | -      | yes  | yes        | -       | -
edit_agency_action       other agency      | yes   | -      | yes  | -          | -       | -
edit_agency_action       other partnership | yes   | -      | -    | -          | -       | -
edit_agency_action       other region      | yes   | -      | -    | -          | -       | -
download_plan            own               | yes   | yes    | yes  | -          | -       | -
download_plan            other agency      | yes   | yes    | yes  | -          | -       | -
download_plan            other partnership | yes   | yes    | -    | -          | -       | -
download_plan            other region      | yes   | -      | -    | -          | -       | -
download_agency_plan     own               | yes   | -      | yes  | yes        | -       | -
download_agency_plan     other agency      | yes   | -      | yes  | -          | -       | -
download_agency_plan     other partnership | yes   | -      | -    | -          | -       | -
download_agency_plan     other region      | yes   | -      | -    | -          | -       | -
download_pack            own               | yes   | -      | yes  | yes        | -       | -
download_pack            other agency      | yes   | -      | yes  | -          | -       | -
download_pack            other partnership | yes   | -      | -    | -          | -       | -
download_pack            other region      | yes   | -      | -    | -          | -       | -
import_agency_pack       own               | yes   | -      | yes  | yes        | -       | -
import_agency_pack       other agency      | yes   | -      | yes  | -          | -       | -
import_agency_pack       other partnership | yes   | -      | -    | -          | -       | -
import_agency_pack       other region      | yes   | -      | -    | -          | -       | -
confirm_any_import       own               | yes   | -      | yes  | -          | -       | -
confirm_any_import       other agency      | yes   | -      | yes  | -          | -       | -
confirm_any_import       other partnership | yes   | -      | -    | -          | -       | -
confirm_any_import       other region      | yes   | -      | -    | -          | -       | -
view_evidence_profile    own               | yes   | yes    | yes  | -          | yes     | -
view_evidence_profile    other agency      | yes   | yes    | yes  | -          | yes     | -
view_evidence_profile    other partnership | yes   | yes    | -    | -          | -       | -
view_evidence_profile    other region      | yes   | -      | -    | -          | -       | -
view_evidence_rows       own               | yes   | -      | yes  | -          | yes     | -
view_evidence_rows       other agency      | yes   | -      | yes  | -          | yes     | -
view_evidence_rows       other partnership | yes   | -      | -    | -          | -       | -
view_evidence_rows       other region      | yes   | -      | -    | -          | -       | -
upload_evidence          own               | yes   | -      | yes  | -          | yes     | -
upload_evidence          other agency      | yes   | -      | yes  | -          | yes     | -
upload_evidence          other partnership | yes   | -      | -    | -          | -       | -
upload_evidence          other region      | yes   | -      | -    | -          | -       | -
delete_evidence          own               | yes   | -      | yes  | -          | -       | -
delete_evidence          other agency      | yes   | -      | yes  | -          | -       | -
delete_evidence          other partnership | yes   | -      | -    | -          | -       | -
delete_evidence          other region      | yes   | -      | -    | -          | -       | -
invite_people            own               | yes   | -      | yes  | -          | -       | -
invite_people            other agency      | yes   | -      | yes  | -          | -       | -
invite_people            other partnership | yes   | -      | -    | -          | -       | -
invite_people            other region      | yes   | -      | -    | -          | -       | -
manage_regions           own               | yes   | -      | -    | -          | -       | -
manage_regions           other agency      | yes   | -      | -    | -          | -       | -
manage_regions           other partnership | yes   | -      | -    | -          | -       | -
manage_regions           other region      | yes   | -      | -    | -          | -       | -
manage_partnership_leads own               | yes   | -      | -    | -          | -       | -
manage_partnership_leads other agency      | yes   | -      | -    | -          | -       | -
manage_partnership_leads other partnership | yes   | -      | -    | -          | -       | -
manage_partnership_leads other region      | yes   | -      | -    | -          | -       | -
"""


def _rows() -> list[tuple[str, str, str, bool]]:
    lines = [line for line in MATRIX.strip().splitlines()[1:] if line.strip()]
    header = [h.strip() for h in MATRIX.strip().splitlines()[0].split("|")[1:]]
    rows = []
    for line in lines:
        left, *cells = line.split("|")
        permission, target = left[:24].strip(), left[25:].strip()
        for person, cell in zip(header, cells, strict=True):
            rows.append((permission, target, person, cell.strip() == "yes"))
    return rows


def test_the_table_covers_every_permission_target_and_person() -> None:
    seen = {(p, t, who) for p, t, who, _ in _rows()}
    assert seen == {(p.value, t, who) for p in Permission for t in TARGETS for who in PEOPLE}


@pytest.mark.parametrize(("permission", "target", "person", "allowed"), _rows())
def test_each_person_may_do_what_the_table_says(
    permission: str, target: str, person: str, allowed: bool
) -> None:
    decision = decide([PEOPLE[person]], Permission(permission), TARGETS[target])
    assert decision.allowed is allowed, decision.because


def test_a_refusal_says_nothing_about_the_target() -> None:
    one = decide([PEOPLE["viewer"]], Permission.EDIT_SETUP, TARGETS["other region"])
    two = decide([PEOPLE["viewer"]], Permission.EDIT_SETUP, Target("x", "secret-csp", "y"))
    assert not one
    assert one.because == two.because
    assert "secret" not in two.because
    assert two.because.startswith("You do not have permission to change the partnership")


def test_an_allowed_decision_names_the_grant_for_the_audit_log() -> None:
    decision = decide(PEOPLE.values(), Permission.ANSWER, TARGETS["own"])
    assert decision.allowed
    assert decision.because == "Administrator"  # the first grant that allows it
    only = decide([PEOPLE["respondent"]], Permission.ANSWER, TARGETS["own"])
    assert only.because == "Respondent for an agency for a partnership p1, an agency police"


def test_several_roles_add_up() -> None:
    both = [PEOPLE["viewer"], Grant(email="board@csp.gov.uk", role="analyst", partnership_id="p2")]
    assert decide(both, Permission.VIEW_ACTION_PLAN, TARGETS["own"])
    assert decide(both, Permission.UPLOAD_EVIDENCE, TARGETS["other partnership"])
    assert not decide(both, Permission.UPLOAD_EVIDENCE, TARGETS["own"])


def test_nobody_without_grants_may_do_anything() -> None:
    for permission in Permission:
        for target in TARGETS.values():
            assert not decide([], permission, target)


def test_a_target_with_unknown_parts_is_refused_to_scoped_roles() -> None:
    unknown = Target(None, None, None)
    assert not decide([PEOPLE["region"]], Permission.VIEW_RESULTS, unknown)
    assert not decide([PEOPLE["lead"]], Permission.VIEW_RESULTS, unknown)
    assert not decide([PEOPLE["respondent"]], Permission.ANSWER, Target("north", "p1", None))
    assert decide([PEOPLE["admin"]], Permission.MANAGE_REGIONS, unknown)


def test_the_sidebar_lists_only_the_partnerships_a_person_may_see() -> None:
    everything = [("p1", "north"), ("p2", "north"), ("p3", "south"), ("p4", None)]
    assert visible_partnerships([PEOPLE["admin"]], everything) == ["p1", "p2", "p3", "p4"]
    assert visible_partnerships([PEOPLE["region"]], everything) == ["p1", "p2"]
    assert visible_partnerships([PEOPLE["respondent"]], everything) == ["p1"]
    assert visible_partnerships([], everything) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "region_lead"}, "must name a region"),
        ({"role": "respondent", "partnership_id": "p1"}, "must name an agency"),
        ({"role": "viewer"}, "must name a partnership"),
        ({"role": "administrator", "partnership_id": "p1"}, "does not take a partnership"),
        ({"role": "analyst", "partnership_id": "p1", "region_id": "n"}, "does not take a region"),
        ({"role": "superuser"}, "Input should be 'administrator'"),
    ],
)
def test_a_grant_must_name_exactly_its_scope(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Grant(email="x@y.org", **fields)


@pytest.mark.parametrize("email", ["", "nobody", "a@b", "a b@c.org", "@c.org"])
def test_a_grant_needs_an_email_address(email: str) -> None:
    with pytest.raises(ValidationError, match="is not an e-mail address"):
        Grant(email=email, role="administrator")


def test_email_addresses_compare_without_case() -> None:
    grant = Grant(email="  Sam.Patel@Police.UK ", role="administrator")
    assert grant.email == "sam.patel@police.uk"


def test_administrators_come_from_a_comma_separated_setting() -> None:
    grants = administrators_from(" one@vru.gov.uk,, Two@VRU.gov.uk ,")
    assert [(g.email, g.role) for g in grants] == [
        ("one@vru.gov.uk", Role.ADMINISTRATOR),
        ("two@vru.gov.uk", Role.ADMINISTRATOR),
    ]
    assert administrators_from("") == []
    with pytest.raises(ValidationError):
        administrators_from("one@vru.gov.uk, not-an-address")


_roles = st.sampled_from(list(Role))
_ids = st.sampled_from(["p1", "p2", "north", "south", "police", "council"])


@st.composite
def _grants(draw: st.DrawFn) -> Grant:
    role = draw(_roles)
    scope = {
        Role.ADMINISTRATOR: {},
        Role.REGION_LEAD: {"region_id": draw(_ids)},
        Role.RESPONDENT: {"partnership_id": draw(_ids), "agency_id": draw(_ids)},
    }.get(role, {"partnership_id": draw(_ids)})
    return Grant(email="x@y.org", role=role, **scope)


@given(
    st.lists(_grants(), max_size=4),
    _grants(),
    st.sampled_from(list(Permission)),
    st.builds(Target, _ids, _ids, _ids),
)
def test_adding_a_grant_never_takes_a_permission_away(
    grants: list[Grant], extra: Grant, permission: Permission, target: Target
) -> None:
    if decide(grants, permission, target):
        assert decide([*grants, extra], permission, target)


@given(_grants(), st.sampled_from(list(Permission)), st.builds(Target, _ids, _ids, _ids))
def test_a_role_never_gets_a_permission_outside_its_row(
    grant: Grant, permission: Permission, target: Target
) -> None:
    if permission not in ROLE_PERMISSIONS[grant.role]:
        assert not decide([grant], permission, target)
