"""The version of the scoring rules, part of the key of every stored score.

Scores are kept in the database (see :mod:`readiness.comparison.load`) so that a new process
does not score unchanged rounds again. A kept score is reused only when the round's answers and
context, the content bundle and this number are all the same as when it was worked out.

**Bump ``SCORING_VERSION`` whenever the scoring code changes what it returns**: a rule, a
threshold in :mod:`readiness.scoring.method`, a label, wording in a result, or the shape of the
result models. Kept scores made under another version are then ignored and worked out again.
Changes to the questionnaire or requirement files need no bump: their content is in the key.
"""

from __future__ import annotations

#: Bump whenever scoring rules, results or their wording change (see the module docstring).
SCORING_VERSION = 4
