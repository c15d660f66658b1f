"""Kept for the scoring modules' imports: :func:`build` is :mod:`readiness.scoring.construct`."""

from __future__ import annotations

from readiness.scoring.construct import build

__all__ = ["build"]
