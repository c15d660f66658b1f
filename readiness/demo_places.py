"""The demo region's data tables: its fictional places (nation, areas, maturity, the band each
is built to show, recorded dates), the agencies they share or own, and the evidence notes and
comments answers draw on. :mod:`readiness.demo` turns these into a backup document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readiness.models import Nation


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    nation: Nation
    areas: tuple[str, ...]
    maturity: float  # roughly the level the partnership is at this year
    extras: tuple[str, ...]  # optional member roles: education, vcs, prison
    #: The band this year's round is built to show (checked by tests/store/test_demo.py).
    band: str
    #: Legal-duty questions are answered at least at this level (0: no floor); at 3 the
    #: answers carry evidence, so the duty is met.
    floor: int
    #: The partnership's recorded dates (those after a round's assessment date are left out).
    dates: tuple[tuple[str, dt.date], ...]
    #: Added to the level of every answer from an agency in this role.
    role_offsets: tuple[tuple[str, float], ...] = ()
    #: Questions every agency answers at this level (e.g. a missed consultation).
    forced: tuple[tuple[str, int], ...] = ()


ON_TIME = (
    ("definition_agreed", _d("2023-06-14")),
    ("partnership_agreement_signed", _d("2023-04-03")),
)

PLACES: tuple[Place, ...] = (
    Place(
        "ashby-vale",
        "Ashby Vale",
        "england",
        ("Ashby Vale",),
        3.6,
        ("education", "vcs"),
        band="Exceeded",
        floor=3,
        dates=(
            ("strategy_published", _d("2024-01-25")),
            ("strategy_last_reviewed", _d("2026-01-20")),
            ("sna_completed", _d("2025-12-01")),
            *ON_TIME,
        ),
    ),
    Place(
        "brackenford",
        "Brackenford",
        "england",
        ("Brackenford",),
        2.3,
        ("education",),
        band="Met",
        floor=3,
        dates=(
            ("strategy_published", _d("2024-01-30")),
            ("strategy_last_reviewed", _d("2026-02-10")),
            ("sna_completed", _d("2026-01-15")),
            *ON_TIME,
        ),
    ),
    Place(
        "calder-moor",
        "Calder Moor",
        "england",
        ("Calder Moor",),
        2.2,
        ("education", "vcs"),
        band="Approaching",
        floor=2,
        # first strategy published late (after 31 January 2024), reviewed since
        dates=(
            ("strategy_published", _d("2024-06-14")),
            ("strategy_last_reviewed", _d("2026-05-01")),
            ("sna_completed", _d("2026-04-01")),
            *ON_TIME,
        ),
    ),
    Place(
        "dunmere",
        "Dunmere",
        "england",
        ("Dunmere",),
        1.2,
        (),
        band="Not met",
        floor=0,
        # no strategy yet and an SNA more than 12 months old
        dates=(
            ("sna_completed", _d("2024-05-01")),
            ("partnership_agreement_signed", _d("2023-09-01")),
        ),
    ),
    Place(
        "eastwick-fenby",
        "Eastwick and Fenby",
        "england",
        ("Eastwick", "Fenby"),
        2.6,
        ("education", "prison"),
        band="Approaching",
        floor=3,
        # the annual review is overdue: last reviewed on 15 July 2025
        dates=(
            ("strategy_published", _d("2024-01-22")),
            ("strategy_last_reviewed", _d("2025-07-15")),
            ("sna_completed", _d("2026-02-20")),
            *ON_TIME,
        ),
    ),
    Place(
        "greyhaven",
        "Greyhaven",
        "england",
        ("Greyhaven",),
        0.7,
        (),
        band="Not met",
        floor=0,
        dates=(),
    ),
    Place(
        "aberglannau",
        "Aberglannau",
        "wales",
        ("Aberglannau",),
        2.4,
        ("education", "vcs"),
        band="Met",
        floor=3,
        dates=(
            ("strategy_published", _d("2024-01-26")),
            ("strategy_last_reviewed", _d("2026-01-28")),
            ("sna_completed", _d("2025-12-10")),
            *ON_TIME,
        ),
        # the health board's own data work lags: it owns several actions
        role_offsets=(("local_health_board", -1.8),),
    ),
    Place(
        "cwm-tawel",
        "Cwm Tawel",
        "wales",
        ("Cwm Tawel",),
        2.0,
        (),
        band="Not met",
        floor=2,
        dates=(
            ("strategy_published", _d("2024-01-31")),
            ("strategy_last_reviewed", _d("2026-02-02")),
            ("sna_completed", _d("2025-11-30")),
            *ON_TIME,
        ),
        # education, prison and youth custody bodies were never consulted: the one blocker
        forced=(("consultation.all_consulted", 1), ("consultation.were_you_consulted", 0)),
    ),
    Place(
        "llanfair-hafren",
        "Llanfair Hafren",
        "wales",
        ("Llanfair Hafren",),
        2.3,
        ("education", "vcs"),
        band="Approaching",
        floor=2,
        dates=(
            ("strategy_published", _d("2024-01-18")),
            ("strategy_last_reviewed", _d("2026-01-12")),
            ("sna_completed", _d("2025-12-05")),
            *ON_TIME,
        ),
    ),
)

#: Agencies shared by every partnership in one nation: role -> (id, name).
SHARED_AGENCIES: dict[Nation, dict[str, tuple[str, str]]] = {
    "england": {
        "police": ("demo-northshire-police", "Demo Northshire Police"),
        "fire_rescue": ("demo-northshire-fire", "Demo Northshire Fire and Rescue Service"),
        "icb": ("demo-northshire-icb", "Demo NHS Northshire Integrated Care Board"),
        "probation": ("demo-probation-northshire", "Demo Probation Service (Northshire)"),
        "local_policing_body": (
            "demo-northshire-pcc",
            "Demo Office of the Northshire Police and Crime Commissioner",
        ),
    },
    "wales": {
        "police": ("demo-glannau-police", "Demo Heddlu Glannau Police"),
        "fire_rescue": ("demo-glannau-fire", "Demo Glannau Fire and Rescue Service"),
        "local_health_board": ("demo-glannau-uhb", "Demo Glannau University Health Board"),
        "probation": ("demo-probation-glannau", "Demo Probation Service (Glannau, Wales)"),
        "local_policing_body": (
            "demo-glannau-pcc",
            "Demo Office of the Glannau Police and Crime Commissioner",
        ),
    },
}

OWN_AGENCIES: dict[str, tuple[str, str]] = {
    "partnership_lead": ("csp", "Demo {name} Community Safety Partnership team"),
    "local_authority": ("council", "Demo {name} Council"),
    "youth_justice": ("yjs", "Demo {name} Youth Justice Service"),
    "education": ("schools", "Demo {name} Schools and Colleges Forum"),
    "vcs": ("youth-trust", "Demo {name} Youth and Community Trust"),
    "prison": ("hmp", "Demo HMP {name}"),
}

EVIDENCE_NOTES = (
    "Board minutes, {month}",
    "Signed partnership agreement, {month}",
    "Strategic needs assessment, section 3, {month}",
    "Information sharing agreement register, {month}",
    "Annual report to the board, {month}",
    "Action log from the delivery group, {month}",
)
COMMENTS = (
    "",
    "",
    "",
    "Agreed at the last board meeting.",
    "Work is under way; we expect to move up a level next year.",
    "Waiting for the new data analyst to start.",
)
