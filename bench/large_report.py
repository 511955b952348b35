"""The large-revision part of docs/benchmarks.md: bench/large_revision.py's measurements as a target row
and a table (imported by bench/report.py)."""

MB = 1024 * 1024
COMMANDS = ("history", "upgrade head", "downgrade base", "upgrade head --single-transaction", "upgrade head --sql",
            "seed")


def retort_rows(data):
    return [r for r in data["rows"] if r["tool"] == "retort"]


def target(data):
    """(target, measured, met): every retort command under the file's size plus 20 MB."""
    limit = max(data["file_bytes"].values()) + 20 * MB
    rows = retort_rows(data)
    worst = max(rows, key=lambda r: r["rss_kb"])
    measured = (f"highest: `{worst['command']}` on `{worst['workload']}`, {worst['rss_kb'] * 1024 / MB:.0f} MB "
                f"(limit {limit / MB:.0f} MB); {len(rows)} commands measured")
    return (f"peak memory of every command on a {data['mb']} MB revision (and seed): under its size plus 20 MB",
            measured, worst["rss_kb"] * 1024 < limit)


def cell(row):
    return f"{row['rss_kb'] * 1024 / MB:.0f} MB, {row['wall']:.2f} s" if row else "—"


def table(data):
    """One line per command and workload: retort's peak memory and time, with psql and dbmate beside it."""
    sizes = ", ".join(f"`{k}` {v / MB:.0f} MB" for k, v in data["file_bytes"].items())
    out = [f"Revision files of about {data['mb']} MB ({sizes}; `statements`: INSERTs of 1,000 rows, about 100 kB each; "
           "`comments`: a CREATE TABLE, a run of comment lines, an INSERT), and `statements` as a seed. Peak "
           "resident memory and wall time, one run each, each upgrade on a fresh database. psql -1 -f and "
           "dbmate `up` ran the same SQL.", "",
           "| workload | command | retort | psql -1 -f | dbmate up |", "|---|---|--:|--:|--:|"]
    by = {(r["workload"], r["tool"], r["command"]): r for r in data["rows"]}
    for workload in dict.fromkeys(r["workload"] for r in data["rows"]):
        floor = workload.split(" ")[0]
        for command in COMMANDS:
            r = by.get((workload, "retort", command))
            if not r:
                continue
            upgrade = command.startswith("upgrade head") and "--sql" not in command
            psql = by.get((floor, "psql", "psql -1 -f")) if upgrade or command == "seed" else None
            dbmate = by.get((floor, "dbmate", "up")) if upgrade else None
            out.append(f"| `{workload}` | `{command}` | {cell(r)} | {cell(psql)} | {cell(dbmate)} |")
    return out
