"""Serious Violence Duty readiness assessment."""

__version__ = "0.1.0"
