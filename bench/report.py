import platform
import re
from pathlib import Path

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def machine_line():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){memory}, "
        f"Python {platform.python_version()}"
    )


def render(measures, rates, baseline, extra_lines=()):
    lines = [
        "| measure | p50 ms | p99 ms | p50 / trivial view | SQL queries per request | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for m in measures:
        ratio = m.p50_ms / baseline.p50_ms if baseline and baseline.p50_ms else float("nan")
        queries = "" if m.queries is None else str(m.queries)
        lines.append(f"| {m.name} | {m.p50_ms:.2f} | {m.p99_ms:.2f} | {ratio:.1f}x | {queries} | {m.note} |")
    if rates:
        lines += ["", "| throughput | per second | note |", "| --- | ---: | --- |"]
        for r in rates:
            lines.append(f"| {r.name} | {r.per_second:,.0f} | {r.note} |")
    lines += ["", *extra_lines]
    return "\n".join(lines).rstrip() + "\n"


def write_readme(readme: Path, table: str, header: str):
    block = f"{START}\n{header}\n\n{table}{END}"
    text = readme.read_text()
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## Benchmarks\n\n" + block + "\n"
    readme.write_text(text)
