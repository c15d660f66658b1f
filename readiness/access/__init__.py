"""Access control: who may see and change what (pure; the services call it)."""

from readiness.access.policy import (
    Decision,
    Grant,
    Permission,
    Role,
    Target,
    decide,
    visible_partnerships,
)

__all__ = [
    "Decision",
    "Grant",
    "Permission",
    "Role",
    "Target",
    "decide",
    "visible_partnerships",
]
