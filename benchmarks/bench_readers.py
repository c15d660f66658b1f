"""How fast can the police.uk file be read at all? ``python benchmarks/bench_readers.py [rows]``

Each reader runs in a fresh process on the evidence benchmark's file (``bench_evidence.build``),
best of three, imports before the clock. It shows the floor under "ingest + profile": reading
just the columns the ingest needs, with the fastest reader the project has, against the bare
``pandas.read_csv`` of every column.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEEDED = [
    "Crime ID",
    "Month",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
READERS = {
    "pandas.read_csv, all columns (the bare read)": "pandas_all",
    "pandas.read_csv, the 11 needed columns": "pandas_needed",
    "pyarrow, the 11 needed columns as the ingest types them": "arrow_needed",
    "pyarrow, one short column (tokenising the file, 2 threads)": "arrow_one",
    "pyarrow, one short column, 1 thread": "arrow_one_single",
}


def _child(mode: str, path: str) -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def arrow(columns: list[str], threads: bool = True) -> object:
        types = {c: pa.dictionary(pa.int32(), pa.string()) for c in columns}
        types.update({c: pa.float64() for c in ("Longitude", "Latitude") if c in columns})
        if "Crime ID" in columns:
            types["Crime ID"] = pa.string()
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=4 << 20, use_threads=threads),
            convert_options=pacsv.ConvertOptions(include_columns=columns, column_types=types),
        )

    runs = {
        "pandas_all": lambda: pd.read_csv(path),
        "pandas_needed": lambda: pd.read_csv(path, usecols=NEEDED),
        "arrow_needed": lambda: arrow(NEEDED),
        "arrow_one": lambda: arrow(["Month"]),
        "arrow_one_single": lambda: arrow(["Month"], threads=False),
    }
    start = time.perf_counter()
    runs[mode]()
    print(json.dumps({"seconds": time.perf_counter() - start}))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2])
        return
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_evidence import build

    rows = int(argv[0]) if argv else 1_000_000
    path = build(rows)
    print(f"{rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, best of 3 fresh processes")
    for label, mode in READERS.items():
        best = min(
            json.loads(
                subprocess.run(  # noqa: S603 - our own script with our own arguments
                    [sys.executable, __file__, "--child", mode, str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                .stdout.strip()
                .splitlines()[-1]
            )["seconds"]
            for _ in range(3)
        )
        print(f"  {label:60} {best:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
