"""Entry point for ``python -m readiness``."""

from readiness.cli import main
from readiness.runtime import tune_garbage_collector

tune_garbage_collector()
raise SystemExit(main())
