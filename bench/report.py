#!/usr/bin/env python3
"""Turns bench/measure.py's JSON into the markdown tables of docs/benchmarks.md and a PNG plot.

usage: report.py RESULTS.json --markdown OUT.md [--plot OUT.png] [--docs docs/benchmarks.md --docs-plot PNG]
                 [--durable DURABLE.json] [--autogenerate RESULTS.md] [--large LARGE.json]
  --docs          replaces the part of the page between the markers <!-- bench:results:begin --> and
                  <!-- bench:results:end --> with the tables (and copies the plot to --docs-plot).
  --durable       measure.py's results on the durable server (TCP, fsync on): a table of their own.
  --autogenerate  bench/autogenerate.sh's table (retort's diff against migra), included as it is.
  --large         bench/large_revision.py's measurements (one very large revision and seed): a target and a table.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import large_report  # noqa: E402

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"

# (label, floor, retort, Alembic, dbmate): the keys of measure.py's samples.
ROWS = [
    ("`upgrade head` from empty, one transaction", "psql_up_single", "retort_up_single", "alembic_up_single", None),
    ("`upgrade head` from empty, a transaction per revision", "psql_up_per_revision", "retort_up_per_revision",
     "alembic_up_per_revision", "dbmate_up"),
    ("`downgrade base`, a transaction per revision", "psql_down_per_revision", "retort_down_per_revision",
     "alembic_down_per_revision", "dbmate_down_all"),
    ("`upgrade head`, up to date (no-op)", "psql_query", "retort_noop_upgrade", "alembic_noop_upgrade",
     "dbmate_noop_upgrade"),
    ("`check`, up to date", "psql_query", "retort_check", None, None),
    ("`current` (dbmate: `status`)", "psql_query", "retort_current", "alembic_current", "dbmate_status"),
    ("`history`", None, "retort_history", "alembic_history", None),
    ("`heads`", None, "retort_heads", "alembic_heads", None),
    ("`upgrade head --sql`", None, "retort_sql", "alembic_sql", None),
    ("`downgrade -1` (dbmate: `rollback`)", None, "retort_down_one", None, "dbmate_rollback_one"),
]
HEAVY = ROWS[:3]
RETORT_KEYS = [r[2] for r in ROWS]
# The paths of the growth table: (label, key).
GROWTH = [("psql -1 -f all.sql", "psql_up_single"), ("psql, BEGIN/COMMIT per revision", "psql_up_per_revision"),
          ("retort `upgrade head --single-transaction`", "retort_up_single"),
          ("retort `upgrade head`", "retort_up_per_revision"), ("retort `downgrade base`", "retort_down_per_revision"),
          ("retort no-op `upgrade head`", "retort_noop_upgrade"), ("retort `check`", "retort_check"),
          ("retort `current`", "retort_current"), ("retort `history`", "retort_history"),
          ("retort `heads`", "retort_heads"), ("retort `upgrade head --sql`", "retort_sql"),
          ("Alembic `upgrade head` (one transaction)", "alembic_up_single"),
          ("Alembic `upgrade head` (per migration)", "alembic_up_per_revision"),
          ("Alembic `downgrade base`", "alembic_down_per_revision"),
          ("Alembic no-op `upgrade head`", "alembic_noop_upgrade"), ("Alembic `current`", "alembic_current"),
          ("dbmate `up`", "dbmate_up"), ("dbmate no-op `up`", "dbmate_noop_upgrade"),
          ("dbmate `status`", "dbmate_status")]

MB = 1_000_000


def median(samples, field="wall"):
    return statistics.median(s[field] for s in samples)


def fmt_seconds(s):
    if s < 1:
        return f"{s * 1000:.1f} ms" if s < 0.1 else f"{s * 1000:.0f} ms"
    return f"{s:.2f} s"


def fmt_spread(samples, field="wall"):
    values = [s[field] for s in samples]
    return f"{fmt_seconds(statistics.median(values))} ({fmt_seconds(min(values))}–{fmt_seconds(max(values))})"


def fmt_ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "—"


def fmt_bytes(b):
    return f"{b:,}"


class Report:
    def __init__(self, data, durable=None, autogenerate=None, large=None):
        self.data = data
        self.large = large
        self.samples = data["samples"]
        self.sizes = sorted(int(n) for n in self.samples)
        self.durable = Report(durable) if durable else None
        self.durable_data = durable
        self.autogenerate = autogenerate

    def get(self, n, key):
        return self.samples.get(str(n), {}).get(key) if key else None

    def med(self, n, key, field="wall"):
        s = self.get(n, key)
        return median(s, field) if s else None

    def cell(self, n, key):
        s = self.get(n, key)
        return fmt_spread(s) if s else "—"

    def runs(self, n, key="retort_up_single"):
        s = self.get(n, key)
        return len(s) if s else 0

    def runs_text(self, n):
        runs, alembic = self.runs(n), self.runs(n, "alembic_up_single")
        text = f"{runs} run{'s' if runs != 1 else ''}"
        if alembic and alembic != runs:
            text += f", Alembic {alembic}"
        return text

    # --- tables ---------------------------------------------------------------------------------------
    def size_table(self, n):
        b = self.data["builds"][str(n)]
        q = self.data["queries"].get(str(n), {})
        out = [f"### N = {n:,} ({b['sql_bytes']:,} bytes of revision files; {self.runs_text(n)}; each upgrade "
               "on a fresh database)", "",
               "| command | floor | retort | Alembic | dbmate | retort ÷ floor | retort ÷ Alembic | retort ÷ dbmate "
               "| retort CPU | queries (retort / Alembic) | retort peak RSS |",
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for label, floor, retort, alembic, dbmate in ROWS:
            r = self.med(n, retort)
            queries = "—"
            if retort in q:
                queries = f"{q[retort]} / {q.get(alembic, '—') if alembic else '—'}"
            rss = max(s["rss_kb"] for s in self.get(n, retort)) * 1024 / MB if self.get(n, retort) else None
            cpu = self.med(n, retort, "cpu")
            out.append(f"| {label} | {self.cell(n, floor)} | {self.cell(n, retort)} | {self.cell(n, alembic)} | "
                       f"{self.cell(n, dbmate)} | {fmt_ratio(r, self.med(n, floor))} | "
                       f"{fmt_ratio(r, self.med(n, alembic))} | {fmt_ratio(r, self.med(n, dbmate))} | "
                       f"{fmt_seconds(cpu) if cpu is not None else '—'} | {queries} | "
                       f"{f'{rss:.1f} MB' if rss else '—'} |")
        out += ["", "CPU seconds of the same upgrades and downgrades (client process plus the server's processes; "
                "medians): the cost of the work itself, which a busy machine disturbs less than wall time. The "
                "server's user-space part leaves out the kernel's file creation for new relations, which is the "
                "same for every tool.", "",
                "| command | floor | retort | Alembic | dbmate | retort ÷ floor | retort ÷ Alembic | retort ÷ dbmate "
                "| server user-space CPU (floor / retort) |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for label, floor, retort, alembic, dbmate in HEAVY:
            cpu = {k: self.cpu(n, k) for k in (floor, retort, alembic, dbmate)}
            user = " / ".join(self.fmt_cpu(self.cpu(n, k, ("server_user",))) for k in (floor, retort))
            out.append(f"| {label} | {self.fmt_cpu(cpu[floor])} | {self.fmt_cpu(cpu[retort])} | "
                       f"{self.fmt_cpu(cpu[alembic])} | {self.fmt_cpu(cpu[dbmate])} | "
                       f"{fmt_ratio(cpu[retort], cpu[floor])} | {fmt_ratio(cpu[retort], cpu[alembic])} | "
                       f"{fmt_ratio(cpu[retort], cpu[dbmate])} | {user} |")
        return out

    def durable_tables(self, durable):
        """The upgrades and downgrades on the durable server (one table per N)."""
        d = Report(durable)
        m = durable["machine"]
        out = [f"PostgreSQL {m['postgresql']} with its data on {m.get('data_filesystem', 'disk')} "
               f"({m['postgresql_settings']}), every client over {m['connection']}; load average "
               f"{m['load_average_start'][0]:.1f} at the start, {m['load_average_end'][0]:.1f} at the end.", ""]
        for n in d.sizes:
            out += [f"**N = {n:,}** ({d.runs_text(n)}; medians, minimum and maximum in brackets)", "",
                    "| command | floor | retort | Alembic | dbmate | retort ÷ floor | retort ÷ Alembic | "
                    "retort ÷ dbmate |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
            for label, floor, retort, alembic, dbmate in HEAVY:
                r = d.med(n, retort)
                out.append(f"| {label} | {d.cell(n, floor)} | {d.cell(n, retort)} | {d.cell(n, alembic)} | "
                           f"{d.cell(n, dbmate)} | {fmt_ratio(r, d.med(n, floor))} | "
                           f"{fmt_ratio(r, d.med(n, alembic))} | {fmt_ratio(r, d.med(n, dbmate))} |")
            out.append("")
        return out

    def growth_table(self):
        """How each path's median grows from N to 10 N: about 10× is linear."""
        steps = list(zip(self.sizes, self.sizes[1:]))
        out = ["| path | " + " | ".join(f"N = {n:,}" for n in self.sizes) + " | " +
               " | ".join(f"{a:,} → {b:,}" for a, b in steps) + " | growth |",
               "|---|" + "---:|" * (len(self.sizes) + len(steps)) + "---|"]
        for label, key in GROWTH:
            times = [self.med(n, key) for n in self.sizes]
            if not any(times):
                continue
            factors = [(b / a) / (nb / na) if a and b else None for a, b, (na, nb) in
                       zip(times, times[1:], steps)]
            last = next((f for f in reversed(factors) if f is not None), None)
            verdict = ("—" if last is None else "**faster than linear**" if last > 1.3 else
                       "linear" if last > 0.7 else "slower than linear (fixed costs dominate)")
            out.append(f"| {label} | " + " | ".join(fmt_seconds(t) if t else "—" for t in times) + " | " +
                       " | ".join(f"{f * (nb / na):.1f}×" if f else "—" for f, (na, nb) in zip(factors, steps)) +
                       f" | {verdict} |")
        out += ["", "Each step multiplies N by 10: a path that grows linearly takes about 10× as long, one whose "
                "cost per revision grows with N more than 13×. The commands on an up-to-date database start from "
                "a fixed cost (connection, process start) and grow far less than N."]
        return out

    def cpu(self, n, key, fields=("cpu", "server_cpu")):
        s = self.get(n, key)
        if not s:
            return None
        return statistics.median(sum(x.get(f, 0.0) for f in fields) for x in s)

    @staticmethod
    def fmt_cpu(v):
        return "—" if v is None else f"{v:.2f} s"

    def build_table(self):
        rebuild = self.data["rebuild"]
        out = ["| revisions | revision files (bytes) | generator | generated source (bytes) | compile of the "
               "generated source | baked binary (bytes) |",
               "|---:|---:|---:|---:|---:|---:|"]
        for n in self.sizes:
            b = self.data["builds"][str(n)]
            out.append(f"| {n:,} | {fmt_bytes(b['sql_bytes'])} | {self.cell(n, 'generator')} | "
                       f"{fmt_bytes(b['generated_source_bytes'])} | {self.cell(n, 'compile')} | "
                       f"{fmt_bytes(b['binary_bytes'])} |")
        out += ["", f"A rebuild with no change (`cmake --build`, all sizes): "
                f"{fmt_seconds(statistics.median(rebuild['seconds']))} (median of {len(rebuild['seconds'])}); "
                f"the generator ran {rebuild['generator_runs']} times."]
        return out

    def targets(self):
        big, mid = 10000, 1000
        have_big, have_mid = big in self.sizes, mid in self.sizes
        out = ["| target | measured | met |", "|---|---|:-:|"]

        def row(target, measured, ok):
            out.append(f"| {target} | {measured} | {'yes' if ok else '**no**'} |")

        def missing(target, n):
            out.append(f"| {target} | not measured (no N = {n:,} in this run) | — |")

        floors = (("`upgrade head --single-transaction`, N = {n}: at most 1.00× `psql -1 -f`",
                   "psql_up_single", "retort_up_single", 1.0),
                  ("`upgrade head` per revision, N = {n}: at most 1.05× psql with BEGIN/COMMIT per revision",
                   "psql_up_per_revision", "retort_up_per_revision", 1.05),
                  ("`downgrade base`, N = {n}: at most 1.00× psql with BEGIN/COMMIT per revision",
                   "psql_down_per_revision", "retort_down_per_revision", 1.0))
        for n in (mid, big):
            if n not in self.sizes:
                missing(f"`upgrade head` and `downgrade base`, N = {n:,}, against the psql floors", n)
                continue
            for label, floor, retort, limit in floors:
                wall = self.med(n, retort) / self.med(n, floor)
                cpu = self.cpu(n, retort) / self.cpu(n, floor)
                row(label.format(n=f"{n:,}"), f"{wall:.2f}× wall, {cpu:.2f}× CPU", wall <= limit)
        if self.durable and mid in self.durable.sizes:
            d = self.durable
            for label, floor, retort, limit in floors:
                wall = d.med(mid, retort) / d.med(mid, floor)
                row(label.format(n="1,000") + "; server durable, over TCP",
                    f"{wall:.2f}× wall ({fmt_seconds(d.med(mid, retort))} against {fmt_seconds(d.med(mid, floor))})",
                    wall <= limit)
        if have_big:
            q = self.data["queries"].get(str(big), {})
            floor = self.med(big, "psql_query")
            for label, key in (("no-op `upgrade head`", "retort_noop_upgrade"), ("`check`", "retort_check"),
                               ("`current`", "retort_current")):
                cpu, wall = self.med(big, key, "cpu"), self.med(big, key)
                row(f"{label}, N = 10,000: under 10 ms of process CPU and one query",
                    f"{fmt_seconds(cpu)} CPU ({fmt_seconds(wall)} wall; psql's connect and `SELECT 1`: "
                    f"{fmt_seconds(floor)}), {q.get(key, '?')} quer{'y' if q.get(key) == 1 else 'ies'}",
                    cpu < 0.010 and q.get(key) == 1)
            for label, key in (("`heads`", "retort_heads"), ("`history`", "retort_history"),
                               ("`upgrade head --sql`", "retort_sql")):
                t = self.med(big, key)
                row(f"{label}, N = 10,000: under 50 ms", fmt_seconds(t), t < 0.050)
            t = self.med(big, "generator")
            row("generator, N = 10,000: under 2 s", fmt_seconds(t), t < 2.0)
            peaks = {k: max(s["rss_kb"] for s in self.get(big, k)) * 1024 for k in RETORT_KEYS if self.get(big, k)}
            limit = self.data["builds"][str(big)]["sql_bytes"] + 20 * MB
            names = {"retort_up_per_revision": "`upgrade head`", "retort_down_per_revision": "`downgrade base`",
                     "retort_noop_upgrade": "no-op `upgrade head`", "retort_up_single": "`--single-transaction`"}
            worst = max(peaks, key=peaks.get)
            label = next(r[0] for r in ROWS if r[2] == worst)
            shown = [f"{names[k]} {peaks[k] / MB:.1f} MB" for k in names if k in peaks and k != worst]
            row("peak memory of every command, N = 10,000: under the SQL size plus 20 MB",
                f"{label} {peaks[worst] / MB:.1f} MB; {', '.join(shown)} (limit {limit / MB:.1f} MB)",
                peaks[worst] < limit)
        else:
            missing("commands and generator at N = 10,000", big)
        if self.large:
            row(*large_report.target(self.large))
        runs = self.data["rebuild"]["generator_runs"]
        row("a rebuild with no change runs no generator", f"{runs} generator runs", runs == 0)
        return out

    def machine(self):
        m = self.data["machine"]
        dbmate = f"; {m['dbmate']} (its Go binary)" if m.get("dbmate") else "; dbmate not installed: its column is empty"
        lines = [f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}, kernel {m['kernel']}; "
                 f"load average {m['load_average_start'][0]:.1f} at the start, {m['load_average_end'][0]:.1f} at the "
                 "end (the machine is shared: other builds ran at the same time).",
                 f"- PostgreSQL {m['postgresql']} (throwaway cluster of `tests/pg/pg_cluster.sh`, unix socket, "
                 f"data directory on {m.get('data_filesystem', 'disk')}, {m['postgresql_settings']}); {m['psql']}.",
                 f"- {m['gxx']}; {m['cmake']}; baked binaries built with `CMAKE_BUILD_TYPE=Release`.",
                 f"- retort {m['retort_commit']}{' (with uncommitted changes)' if m['retort_dirty'] else ''}; "
                 f"{m.get('alembic', 'Alembic not installed: its column is empty')}{dbmate}; {m['python']}.",
                 f"- Taken {m['started']}; the run took {m['seconds'] / 60:.0f} min.",
                 f"- Command: `{m['command']}`"]
        return lines

    def markdown(self, plot_name):
        out = ["<!-- Written by bench/report.py from bench/run.sh's measurements; do not edit by hand. -->", ""]
        out += self.machine() + [""]
        if plot_name:
            out += [f"![time against N for each tool]({plot_name})", ""]
        out += ["#### Targets", ""] + self.targets() + [""]
        for n in self.sizes:
            out += self.size_table(n) + [""]
        if self.durable:
            out += ["### With durability on, over TCP (as production runs it)", ""]
            out += self.durable_tables(self.durable_data)
        if len(self.sizes) > 1:
            out += ["### Cost growth", ""] + self.growth_table() + [""]
        if self.autogenerate:
            out += ["### Autogenerate against migra (`bench/autogenerate.sh`)", "", self.autogenerate.strip(), ""]
        if self.large:
            out += ["### A large revision (`bench/large_revision.py`)", ""] + large_report.table(self.large) + [""]
        out += ["### Build", ""] + self.build_table()
        return "\n".join(out) + "\n"

    # --- plot -----------------------------------------------------------------------------------------
    def plot(self, png):
        if not shutil.which("gnuplot"):
            print("report: gnuplot is not installed (bash scripts/setup.sh --bench); no plot", file=sys.stderr)
            return False
        series = [("psql -1 -f all.sql", "psql_up_single"), ("psql, BEGIN/COMMIT per revision", "psql_up_per_revision"),
                  ("retort --single-transaction", "retort_up_single"), ("retort per revision", "retort_up_per_revision"),
                  ("Alembic (one transaction)", "alembic_up_single"),
                  ("Alembic (transaction per migration)", "alembic_up_per_revision"), ("dbmate up", "dbmate_up")]
        noop = [("psql: connect, SELECT 1", "psql_query"), ("retort no-op upgrade head", "retort_noop_upgrade"),
                ("retort heads", "retort_heads"), ("Alembic no-op upgrade head", "alembic_noop_upgrade"),
                ("Alembic heads", "alembic_heads"), ("dbmate no-op up", "dbmate_noop_upgrade"),
                ("dbmate status", "dbmate_status")]
        with tempfile.TemporaryDirectory() as tmp:
            def write(name, chosen):
                path = os.path.join(tmp, name)
                with open(path, "w") as f:
                    for n in self.sizes:
                        f.write(f"{n} " + " ".join(f"{self.med(n, k):.6f}" if self.get(n, k) else "NaN"
                                                   for _, k in chosen) + "\n")
                return path

            def lines(path, chosen):
                return ", ".join(f"'{path}' using 1:{i + 2} with linespoints lw 2 title '{title}'"
                                 for i, (title, key) in enumerate(chosen)
                                 if any(self.get(n, key) for n in self.sizes))

            up, fast = write("up.dat", series), write("fast.dat", noop)
            script = f"""set terminal pngcairo size 1100,420 font 'sans,9'
set output '{png}'
set multiplot layout 1,2
set logscale xy
set grid
set key top left
set xlabel 'revisions (N)'
set ylabel 'seconds (median)'
set format y '%g'
set xtics ({', '.join(f'"{n:,}" {n}' for n in self.sizes)})
set xrange [{self.sizes[0] / 1.5}:{self.sizes[-1] * 1.5}]
set title 'upgrade head from an empty database'
plot {lines(up, series)}
set title 'up-to-date database and commands without one'
plot {lines(fast, noop)}
unset multiplot
"""
            r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
            if r.returncode != 0:
                print(f"report: gnuplot failed: {r.stderr}", file=sys.stderr)
                return False
        return True


def replace_in_docs(path, text):
    with open(path) as f:
        page = f.read()
    if BEGIN not in page or END not in page:
        raise SystemExit(f"report: {path} has no {BEGIN} ... {END} section")
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + text + END + tail)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results")
    p.add_argument("--markdown", required=True)
    p.add_argument("--plot")
    p.add_argument("--docs")
    p.add_argument("--docs-plot")
    p.add_argument("--durable")
    p.add_argument("--autogenerate")
    p.add_argument("--large")
    a = p.parse_args()
    durable = autogenerate = large = None
    if a.large:
        with open(a.large) as f:
            large = json.load(f)
    if a.durable:
        with open(a.durable) as f:
            durable = json.load(f)
    if a.autogenerate:
        with open(a.autogenerate) as f:
            autogenerate = f.read()
    with open(a.results) as f:
        report = Report(json.load(f), durable, autogenerate, large)
    plotted = bool(a.plot) and report.plot(a.plot)
    with open(a.markdown, "w") as f:
        f.write(report.markdown(os.path.basename(a.plot) if plotted else None))
    if a.docs:
        docs_plot = None
        if plotted and a.docs_plot:
            shutil.copyfile(a.plot, a.docs_plot)
            docs_plot = os.path.relpath(a.docs_plot, os.path.dirname(os.path.abspath(a.docs)))
        replace_in_docs(a.docs, report.markdown(docs_plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
