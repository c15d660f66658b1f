"""Benchmark: police.uk ingest + profile against a bare ``pandas.read_csv`` of the same file.

    .venv/bin/python benchmarks/bench_evidence.py 1000000 [5000000 ...]

Builds ``benchmarks/out/police-<rows>.csv`` by repeating the twelve real City of London files
with months shifted back a year per copy (Crime IDs made unique per copy), then measures each
step in a fresh process (time and peak RSS): the bare read, ingest + profile, and a second
profile of the already-ingested data (from the compact cube the first profile built), then
saving the rows to the incident store and loading them back (as the evidence page does after
a restart). Module imports happen before the clock starts in both processes; peak memory is
read before the save.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "police-uk" / "city-of-london"
OUT = ROOT / "benchmarks" / "out"


def build(rows: int) -> Path:
    target = OUT / f"police-{rows}.csv"
    if target.exists():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    lines: list[list[str]] = []
    header = ""
    for path in sorted(FIXTURES.glob("2024-*-street.csv")):
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = text[0]
        lines.extend(line.split(",", 2) for line in text[1:])
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        written, shift = 0, 0
        while written < rows:
            chunk = []
            for crime_id, month, rest in lines:
                if written >= rows:
                    break
                index = int(month[:4]) * 12 + int(month[5:7]) - 1 - shift * 12
                new_id = f"{crime_id[:-6]}{shift:06x}" if crime_id else ""
                chunk.append(f"{new_id},{index // 12:04d}-{index % 12 + 1:02d},{rest}")
                written += 1
            out.write("".join(chunk))
            shift += 1
    return target


def _child(mode: str, path: str) -> None:
    import datetime as dt
    import tempfile

    import pandas as pd

    from readiness.evidence.loaders import source_from_path
    from readiness.evidence.police import read_police_files
    from readiness.evidence.profile import build_cube, profile_from_cube
    from readiness.store.incidents import IncidentStore

    start = time.perf_counter()
    result: dict[str, float] = {}
    if mode == "bare":
        frame = pd.read_csv(path)
        result["rows"] = len(frame)
        result["seconds"] = time.perf_counter() - start
        result["peak_rss_mb"] = _peak_mb()
        print(json.dumps(result))
        return
    ingest = read_police_files([source_from_path(path)], max_bytes=1 << 40)
    cube = build_cube(ingest.frame)
    first = profile_from_cube(cube)
    result["rows"] = len(ingest.frame)
    result["ingest_profile_s"] = time.perf_counter() - start
    result["peak_rss_mb"] = _peak_mb()
    again = time.perf_counter()
    second = profile_from_cube(cube)
    result["second_profile_s"] = time.perf_counter() - again
    result["same_profile"] = float(first == second)
    with tempfile.TemporaryDirectory() as tmp:
        store = IncidentStore(Path(tmp) / "incidents.db")
        saving = time.perf_counter()
        store.save(
            "bench",
            ingest,
            uploaded_by="benchmark",
            uploaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        result["save_s"] = time.perf_counter() - saving
        loading = time.perf_counter()
        loaded = IncidentStore(Path(tmp) / "incidents.db").load("bench")
        result["load_s"] = time.perf_counter() - loading
        result["same_rows"] = float(len(loaded) == len(ingest.frame))
    result["peak_after_save_mb"] = _peak_mb()
    print(json.dumps(result))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        _child(argv[1], argv[2])
        return
    repeats = 3
    if argv[:1] == ["--repeat"]:
        repeats, argv = int(argv[1]), argv[2:]
    for rows in [int(a) for a in argv] or [1_000_000]:
        path = build(rows)
        size_mb = path.stat().st_size / 1e6
        for run in range(repeats):
            bare = measure("bare", path)
            ours = measure("ours", path)
            _report(rows, size_mb, run, bare, ours)


def _report(
    rows: int, size_mb: float, run: int, bare: dict[str, float], ours: dict[str, float]
) -> None:
    print(f"{rows:,} rows, {size_mb:.0f} MB, run {run + 1}")
    print(f"  bare pandas.read_csv:   {bare['seconds']:.2f} s, peak {bare['peak_rss_mb']:.0f} MB")
    print(
        f"  ingest + profile:       {ours['ingest_profile_s']:.2f} s, "
        f"peak {ours['peak_rss_mb']:.0f} MB"
    )
    print(f"  ratio to bare read:     {ours['ingest_profile_s'] / bare['seconds']:.2f}")
    print(
        f"  second profile:         {ours['second_profile_s']:.3f} s "
        f"({ours['second_profile_s'] / bare['seconds']:.2f} of the bare read)"
    )
    print(f"  peak memory / file size: {ours['peak_rss_mb'] * 1.048576 / size_mb:.2f}")
    print(
        f"  save to the store:      {ours['save_s']:.2f} s; load back in a new store "
        f"{ours['load_s']:.2f} s; peak memory after saving {ours['peak_after_save_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
