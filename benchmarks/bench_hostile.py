"""Hostile uploads: time and peak memory to refuse a workbook bomb, and to read (or refuse) a
large health CSV, each case in a fresh process so the peak memory is its own.

    .venv/bin/python -m benchmarks.bench_hostile [--csv-mb 195] [--bomb-mb 456]

Figures go in benchmarks/README.md ("Hostile uploads").
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _health_csv(path: Path, megabytes: int) -> int:
    """An ISTV-style extract of about ``megabytes`` MB; returns the number of rows."""
    rng = random.Random(7)
    methods = ["Knife", "Fist", "Bottle", "Kicked", "Blunt object", "Not known"]
    places = ["Street", "Nightclub", "Pub", "Home", "Park", "Shop"]
    rows = 0
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "ASSAULT DATE AND TIME,ASSAULT METHOD,ASSAULT LOCATION DESCRIPTION,SITE CODE,LSOA\n"
        )
        block: list[str] = []
        while out.tell() < target:
            for _ in range(10_000):
                day, hour = rng.randint(1, 28), rng.randint(0, 23)
                month, year = rng.randint(1, 12), rng.choice((2023, 2024))
                block.append(
                    f"{year}-{month:02d}-{day:02d} {hour:02d}:{rng.randint(0, 59):02d},"
                    f"{rng.choice(methods)},{rng.choice(places)} near the station,"
                    f"RXX0{rng.randint(1, 4)},E0100{rng.randint(1000, 9999)}\n"
                )
            out.write("".join(block))
            rows += len(block)
            block.clear()
    return rows


def _garbage(path: Path, megabytes: int) -> None:
    """Text that is not a CSV of anything: random words, commas and line breaks."""
    rng = random.Random(11)
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "x", "12", "?", ";"]
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < megabytes * 1024 * 1024:
            out.write(
                "\n".join(",".join(rng.choice(words) for _ in range(12)) for _ in range(20_000))
                + "\n"
            )


def _child(kind: str, path: str) -> None:
    """Run one case and print its figures as JSON (this process's own peak memory)."""
    sys.path.insert(0, str(ROOT))
    from readiness.evidence.errors import EvidenceInputError
    from readiness.evidence.health import read_health_files
    from readiness.evidence.loaders import source_from_path

    started = time.perf_counter()
    outcome = "read"
    rows = 0
    try:
        ingest = read_health_files([source_from_path(path)], kind="ed_istv")
        rows = len(ingest.frame)
    except EvidenceInputError as exc:
        outcome = "refused: " + exc.problems[0][:110]
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "case": kind,
                "seconds": round(seconds, 2),
                "peak_mb": round(peak_mb),
                "rows": rows,
                "outcome": outcome,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv-mb", type=int, default=186)
    parser.add_argument("--bomb-mb", type=int, default=456)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    sys.path.insert(0, str(ROOT))
    from tests.hostile.corpus import xlsx_bomb

    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "istv.xlsx"
        bomb.write_bytes(xlsx_bomb(unpacked_mb=args.bomb_mb))
        big = Path(tmp) / "istv.csv"
        rows = _health_csv(big, args.csv_mb)
        garbage = Path(tmp) / "garbage.csv"
        _garbage(garbage, 190)
        headed = Path(tmp) / "headed.csv"  # the same garbage under a real ISTV heading row
        with headed.open("wb") as out:
            out.write(b"ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE\n")
            out.write(garbage.read_bytes()[: 185 * 1024 * 1024])
        print(
            f"bomb {bomb.stat().st_size / 1e6:.1f} MB packed, {args.bomb_mb} MB unpacked; "
            f"CSV {big.stat().st_size / 1e6:.0f} MB, {rows:,} rows; garbage 190 MB"
        )
        for kind, path in (
            ("bomb", bomb),
            ("csv", big),
            ("garbage", garbage),
            ("headed-garbage", headed),
        ):
            subprocess.run(  # noqa: S603 - our own interpreter and module
                [
                    sys.executable,
                    "-m",
                    "benchmarks.bench_hostile",
                    "--child",
                    kind,
                    str(path),
                ],
                cwd=ROOT,
                check=True,
            )


if __name__ == "__main__":
    main()
