"""Every label shown to people for a coded value, in one place (pure: no other imports).

Models, exporters and pages import their labels from here, so "Emerging" or "Aggregate counts
only" is written once. ``tests/test_labels.py`` checks each table covers every value of the
type it labels.
"""

from __future__ import annotations

#: The five maturity levels of a scale question, by level number (0-4).
LEVEL_LABELS: tuple[str, ...] = ("Not started", "Emerging", "Developing", "Established", "Embedded")

#: What kind of obligation a requirement is.
REQUIREMENT_LEVEL_LABELS: dict[str, str] = {
    "legal_duty": "Legal duty (the Act)",
    "regulation": "Requirement in regulations",
    "power": "Power in the Act (optional)",
    "guidance": "Statutory guidance expectation",
    "deadline": "Deadline",
    "good_practice": "Good practice",
    "context": "Context or clarification",
}

YES_PARTLY_NO: dict[str, str] = {"yes": "Yes", "partly": "Partly", "no": "No"}

AVAILABILITY_LABELS: dict[str, str] = {
    "none": "Not available to the partnership",
    "aggregate": "Aggregate counts only",
    "record_level": "Record-level (pseudonymised or anonymised records)",
}
TIMELINESS_LABELS: dict[str, str] = {
    "current": "Less than 3 months old",
    "recent": "3 to 12 months old",
    "stale": "More than 12 months old",
    "unknown": "Not known",
}
GRANULARITY_LABELS: dict[str, str] = {
    "force_area": "Force or health-board area only",
    "local_authority": "Local authority or district",
    "neighbourhood": "Ward or LSOA",
    "point": "Address, postcode or map point",
    "none": "No geography",
}

ROLE_GROUP_LABELS: dict[str, str] = {
    "specified_authority": "Specified authority (a duty holder under section 11)",
    "relevant_authority": "Relevant authority (education, prison or youth custody, section 12)",
    "local_policing_body": "Local policing body",
    "other": "Other partner",
    "partnership": "The partnership as a whole",
}

PARTNERSHIP_TYPE_LABELS: dict[str, str] = {
    "csp": "Community Safety Partnership",
    "duty_partnership": "Serious Violence Duty partnership",
    "vru_area": "Violence Reduction Unit area",
}
NATION_LABELS: dict[str, str] = {"england": "England", "wales": "Wales"}

ANSWER_STATUS_LABELS: dict[str, str] = {
    "confirmed": "Confirmed",
    "to_reconfirm": "To re-confirm (carried forward from the last round)",
}

#: What each compliance band means, in words (results page, board report).
BAND_MEANING: dict[str, str] = {
    "Not met": "at least one legal duty is not in place",
    "Approaching": "every legal duty is at least partly in place",
    "Met": "every legal duty is in place, with evidence",
    "Exceeded": "every legal duty is met and overall maturity is Established or better",
}
#: A deadline's status in words (results page, board report).
DEADLINE_WORDS: dict[str, str] = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "on_track": "On track",
    "met": "Done",
    "late": "Done late",
    "not_applicable": "Does not apply",
    "not_recorded": "Not recorded yet",
}
