"""Who may do what: roles as data, and one pure function that decides.

A person holds *grants*: a role, and the region, partnership or agency it applies to. The table
:data:`ROLE_PERMISSIONS` says which permissions each role carries; :func:`decide` says whether a
person's grants allow one permission on one target, and why. The services call :func:`decide`
before every read and write (the pages only hide what the services would refuse anyway), so
this module is the single statement of the access rules. ``docs/access.md`` shows the same
table in words, and a test keeps the two the same.

Pure: no streamlit, no SQLite, no clock, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator, model_validator


class Role(StrEnum):
    """The roles a person can hold. A person can hold several."""

    ADMINISTRATOR = "administrator"
    REGION_LEAD = "region_lead"
    PARTNERSHIP_LEAD = "partnership_lead"
    RESPONDENT = "respondent"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Permission(StrEnum):
    """Everything the services guard, one value per kind of read or write."""

    VIEW_RESULTS = "view_results"
    VIEW_ACTION_PLAN = "view_action_plan"
    COMPARE_REGION = "compare_region"
    ANSWER = "answer"
    EDIT_SETUP = "edit_setup"
    MANAGE_ROUNDS = "manage_rounds"
    EDIT_ANY_ACTION = "edit_any_action"
    EDIT_AGENCY_ACTION = "edit_agency_action"
    DOWNLOAD_PLAN = "download_plan"
    DOWNLOAD_AGENCY_PLAN = "download_agency_plan"
    DOWNLOAD_PACK = "download_pack"
    IMPORT_AGENCY_PACK = "import_agency_pack"
    CONFIRM_ANY_IMPORT = "confirm_any_import"
    VIEW_EVIDENCE_PROFILE = "view_evidence_profile"
    VIEW_EVIDENCE_ROWS = "view_evidence_rows"
    UPLOAD_EVIDENCE = "upload_evidence"
    DELETE_EVIDENCE = "delete_evidence"
    INVITE_PEOPLE = "invite_people"
    MANAGE_REGIONS = "manage_regions"
    MANAGE_PARTNERSHIP_LEADS = "manage_partnership_leads"


#: What a person reads in the docs, in refusals and in the users list.
ROLE_NAMES: Mapping[Role, str] = {
    Role.ADMINISTRATOR: "Administrator",
    Role.REGION_LEAD: "Region lead (VRU or VRN)",
    Role.PARTNERSHIP_LEAD: "Partnership lead",
    Role.RESPONDENT: "Respondent for an agency",
    Role.ANALYST: "Analyst",
    Role.VIEWER: "Viewer (for example a board member)",
}
PERMISSION_NAMES: Mapping[Permission, str] = {
    Permission.VIEW_RESULTS: "Read the results",
    Permission.VIEW_ACTION_PLAN: "Read the action plan",
    Permission.COMPARE_REGION: "Compare the partnerships of a region",
    Permission.ANSWER: "Answer the questionnaire for an agency",
    Permission.EDIT_SETUP: "Change the partnership's set-up and members",
    Permission.MANAGE_ROUNDS: "Open, close and carry forward rounds",
    Permission.EDIT_ANY_ACTION: "Edit any action",
    Permission.EDIT_AGENCY_ACTION: "Edit the actions an agency owns",
    Permission.DOWNLOAD_PLAN: "Download the whole action plan",
    Permission.DOWNLOAD_AGENCY_PLAN: "Download an agency's action plan",
    Permission.DOWNLOAD_PACK: "Download an agency's questionnaire workbook",
    Permission.IMPORT_AGENCY_PACK: "Import an agency's completed workbook",
    Permission.CONFIRM_ANY_IMPORT: "Confirm any workbook import for the partnership",
    Permission.VIEW_EVIDENCE_PROFILE: "Read the evidence profile (small numbers suppressed)",
    Permission.VIEW_EVIDENCE_ROWS: "Read and download record-level evidence",
    Permission.UPLOAD_EVIDENCE: "Upload evidence",
    Permission.DELETE_EVIDENCE: "Delete an evidence upload",
    Permission.INVITE_PEOPLE: "Invite people to the partnership",
    Permission.MANAGE_REGIONS: "Create and change regions",
    Permission.MANAGE_PARTNERSHIP_LEADS: "Appoint partnership leads and region leads",
}

#: Permissions that concern one agency: a respondent holds them for their own agency only.
AGENCY_SCOPED: frozenset[Permission] = frozenset(
    {
        Permission.ANSWER,
        Permission.EDIT_AGENCY_ACTION,
        Permission.DOWNLOAD_AGENCY_PLAN,
        Permission.DOWNLOAD_PACK,
        Permission.IMPORT_AGENCY_PACK,
    }
)

_READ = frozenset({Permission.VIEW_RESULTS, Permission.VIEW_ACTION_PLAN})

#: The access rules. Each role's permissions apply only within the grant's scope (its region,
#: partnership, or partnership and agency), except the administrator's, which apply everywhere.
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.REGION_LEAD: _READ
    | {Permission.COMPARE_REGION, Permission.DOWNLOAD_PLAN, Permission.VIEW_EVIDENCE_PROFILE},
    Role.PARTNERSHIP_LEAD: frozenset(Permission)
    - {Permission.COMPARE_REGION, Permission.MANAGE_REGIONS, Permission.MANAGE_PARTNERSHIP_LEADS},
    Role.RESPONDENT: _READ | AGENCY_SCOPED,
    Role.ANALYST: frozenset(
        {
            Permission.VIEW_RESULTS,
            Permission.VIEW_EVIDENCE_PROFILE,
            Permission.VIEW_EVIDENCE_ROWS,
            Permission.UPLOAD_EVIDENCE,
        }
    ),
    Role.VIEWER: _READ,
}

#: What each role's grant must name: the scope it applies to.
SCOPE: Mapping[Role, tuple[str, ...]] = {
    Role.ADMINISTRATOR: (),
    Role.REGION_LEAD: ("region_id",),
    Role.PARTNERSHIP_LEAD: ("partnership_id",),
    Role.RESPONDENT: ("partnership_id", "agency_id"),
    Role.ANALYST: ("partnership_id",),
    Role.VIEWER: ("partnership_id",),
}
_SCOPE_WORDS = {
    "region_id": "a region",
    "partnership_id": "a partnership",
    "agency_id": "an agency",
}


def normalise_email(email: str) -> str:
    """E-mail addresses compare without case and surrounding spaces."""
    return email.strip().lower()


class Grant(BaseModel):
    """One role held by one person (identified by e-mail address), within its scope."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    email: str
    role: Role
    region_id: str | None = None
    partnership_id: str | None = None
    agency_id: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = normalise_email(value)
        local, _, domain = value.partition("@")
        if not local or "." not in domain or " " in value:
            raise ValueError(f"'{value}' is not an e-mail address: expected name@example.gov.uk")
        return value

    @model_validator(mode="after")
    def _scope(self) -> Grant:
        needed = SCOPE[self.role]
        missing = [_SCOPE_WORDS[f] for f in needed if not getattr(self, f)]
        extra = [_SCOPE_WORDS[f] for f in _SCOPE_WORDS if f not in needed and getattr(self, f)]
        name = ROLE_NAMES[self.role]
        if missing:
            raise ValueError(f"the role '{name}' must name {' and '.join(missing)}")
        if extra:
            raise ValueError(f"the role '{name}' does not take {' or '.join(extra)}")
        return self


@dataclass(frozen=True)
class Target:
    """What a permission is asked for: a region, or a partnership (in its region), and for
    agency-scoped permissions the agency. Unknown parts are ``None``."""

    region_id: str | None = None
    partnership_id: str | None = None
    agency_id: str | None = None


@dataclass(frozen=True)
class Decision:
    """Allowed or not, with the grant that allowed it (for the audit log) or the reason."""

    allowed: bool
    because: str

    def __bool__(self) -> bool:
        return self.allowed


def _in_scope(grant: Grant, permission: Permission, target: Target) -> bool:
    role = grant.role
    if role is Role.ADMINISTRATOR:
        return True
    if role is Role.REGION_LEAD:
        return target.region_id is not None and target.region_id == grant.region_id
    if target.partnership_id is None or target.partnership_id != grant.partnership_id:
        return False
    if role is Role.RESPONDENT and permission in AGENCY_SCOPED:
        return target.agency_id is not None and target.agency_id == grant.agency_id
    return True


def _describe(grant: Grant) -> str:
    scope = [f"{_SCOPE_WORDS[f]} {getattr(grant, f)}" for f in SCOPE[grant.role]]
    return ROLE_NAMES[grant.role] + (f" for {', '.join(scope)}" if scope else "")


def decide(grants: Iterable[Grant], permission: Permission, target: Target) -> Decision:
    """Whether any of ``grants`` gives ``permission`` on ``target``.

    The refusal's reason is the same whatever the target holds, so a refusal tells a person
    nothing about a partnership they may not see.
    """
    for grant in grants:
        if permission in ROLE_PERMISSIONS[grant.role] and _in_scope(grant, permission, target):
            return Decision(True, _describe(grant))
    return Decision(False, f"You do not have permission to {PERMISSION_NAMES[permission].lower()} "
                           "here. Ask your partnership lead if you need it.")  # fmt: skip


def visible_partnerships(
    grants: Iterable[Grant], partnerships: Iterable[tuple[str, str | None]]
) -> list[str]:
    """The ids of the partnerships a person may see, from ``(partnership id, region id)`` pairs:
    those where any grant lets them read the results."""
    held = list(grants)
    return [
        pid
        for pid, region_id in partnerships
        if decide(held, Permission.VIEW_RESULTS, Target(region_id, pid))
    ]


def administrators_from(text: str) -> list[Grant]:
    """Administrator grants from a comma-separated list of e-mail addresses (the
    ``READINESS_ADMINS`` setting); blanks are ignored, a malformed address is refused."""
    emails = [part for part in (p.strip() for p in text.split(",")) if part]
    return [Grant(email=email, role=Role.ADMINISTRATOR) for email in emails]


def permission_table() -> str:
    """The access rules as a Markdown table, one row per permission, one column per role
    ("yes", "own agency" or blank). ``docs/access.md`` holds this table; a test compares."""
    roles = list(Role)
    lines = [
        "| What | " + " | ".join(ROLE_NAMES[r] for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for permission in Permission:
        cells = []
        for role in roles:
            if permission not in ROLE_PERMISSIONS[role]:
                cells.append("")
            elif role is Role.RESPONDENT and permission in AGENCY_SCOPED:
                cells.append("own agency")
            else:
                cells.append("yes")
        lines.append(f"| {PERMISSION_NAMES[permission]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
