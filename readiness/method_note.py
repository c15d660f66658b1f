"""How the scores are worked out, in plain English, for readers of the reports and the Excel
action plan (no file names, no internal codes). Kept apart from the report package so the
workbook code can use it without loading the report code."""

from __future__ import annotations

METHOD_NOTE = [
    "Each partner agency answered the questions for its role. Most answers are a level from "
    "0 (Not started) to 4 (Embedded). Where several agencies answer the same question, their "
    "answers are combined into one partnership answer by the rule set for that question (for "
    "example the middle answer, or the lead agency's answer).",
    "A domain's maturity is the weighted average of its answered questions; overall maturity "
    "is the weighted average of the domains that have answers. Questions marked not "
    "applicable are left out. Coverage is the share of questions that have an answer.",
    "The assured score counts an answer of Established or above that has no evidence as "
    "Developing (2), so it shows how much of the self-assessment is backed by evidence.",
    "Compliance with the legal duties is kept separate from maturity. The band depends only on "
    "the questions that test a legal duty in the Police, Crime, Sentencing and Courts Act "
    "2022: Not met while any legal duty is not in place, Approaching when each is at least "
    "partly in place, Met when each is in place with evidence, and Exceeded when, in addition, "
    "overall maturity is Established or better.",
    "The draft actions come from the gaps: every question below Established, and every legal "
    "duty without evidence. Legal duties come first, then the largest gaps weighted by "
    "importance. The partnership edits owners, dates, status and RAG rating.",
    "This is a self-assessment tool, not legal advice.",
]
