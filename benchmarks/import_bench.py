"""How long importing a large frab XML schedule takes, and its peak memory.

    python benchmarks/import_bench.py [EVENTS]     # default 100,000

Generates a schedule of EVENTS events (over 5 days and 40 rooms, with persons,
abstracts holding HTML and links), then imports it in a child process exactly as
`confplan import FILE -o OUT.yaml` does, and reports the wall time of the
import and the child's peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOMS = 40
DAYS = 5


def generate(events: int, path: Path) -> None:
    per_day = events // DAYS + 1
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n<conference>')
        out.write("<acronym>bench</acronym><title>Benchmark Con</title>")
        out.write("<start>2025-02-01</start><end>2025-02-05</end>")
        out.write("<time_zone_name>Europe/Brussels</time_zone_name></conference>\n")
        n = 0
        for day in range(DAYS):
            date = f"2025-02-{day + 1:02d}"
            out.write(f'<day index="{day + 1}" date="{date}">\n')
            for room in range(ROOMS):
                out.write(f'<room name="Room {room}">\n')
                for slot in range(per_day // ROOMS + 1):
                    if n >= events:
                        break
                    minute = 9 * 60 + slot * 2
                    title = escape(f"Session {n}: scaling things & people, part {slot}")
                    out.write(
                        f'<event guid="bench-{n}" id="{n}">'
                        f"<date>{date}T{minute // 60 % 24:02d}:{minute % 60:02d}:00+01:00</date>"
                        f"<start>{minute // 60 % 24:02d}:{minute % 60:02d}</start>"
                        f"<duration>00:25</duration><room>Room {room}</room>"
                        f"<title>{title}</title><track>Track {n % 30}</track><type>talk</type>"
                        f"<abstract>{escape('<p>An abstract with <b>markup</b> &amp; more.</p>')}"
                        "</abstract><persons>"
                        f'<person id="{n}">Speaker {n}</person>'
                        f'<person id="{n + 1}">Speaker {n + 1}</person></persons>'
                        f'<links><link href="https://example.org/{n}">Slides</link></links>'
                        "</event>\n"
                    )
                    n += 1
                out.write("</room>\n")
            out.write("</day>\n")
        out.write("</schedule>\n")


CHILD = """
import sys, time
from pathlib import Path
from confplan.cli import main
started = time.perf_counter()
code = main(["import", sys.argv[1], "-o", sys.argv[2]])
elapsed = time.perf_counter() - started
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(code, elapsed, peak)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="?", type=int, default=100_000, help="how many events")
    events = parser.parse_args().events
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "schedule.xml", Path(folder) / "out.yaml"
        started = time.perf_counter()
        generate(events, source)
        made = time.perf_counter() - started
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(source), str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
        code, elapsed, peak = proc.stdout.split()
        print(
            json.dumps(
                {
                    "events": events,
                    "xml_mb": round(source.stat().st_size / 1e6, 1),
                    "generated_s": round(made, 1),
                    "exit": int(code),
                    "import_s": round(float(elapsed), 1),
                    "peak_mib": round(int(peak) / 1024),
                    "catalogue_mb": round(out.stat().st_size / 1e6, 1),
                }
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
