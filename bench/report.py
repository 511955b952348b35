#!/usr/bin/env python3
"""Turns bench/measure.py's JSON into the markdown tables of docs/benchmarks.md and a PNG plot.

usage: report.py RESULTS.json --markdown OUT.md [--plot OUT.png] [--docs docs/benchmarks.md --docs-plot PNG]
  --docs  replaces the part of the page between the markers <!-- bench:results:begin --> and
          <!-- bench:results:end --> with the tables (and copies the plot to --docs-plot).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"

# (label, floor, retort, Alembic): the keys of measure.py's samples.
ROWS = [
    ("`upgrade head` from empty, one transaction", "psql_up_single", "retort_up_single", "alembic_up_single"),
    ("`upgrade head` from empty, a transaction per revision", "psql_up_per_revision", "retort_up_per_revision",
     "alembic_up_per_revision"),
    ("`downgrade base`, a transaction per revision", "psql_down_per_revision", "retort_down_per_revision",
     "alembic_down_per_revision"),
    ("`upgrade head`, up to date (no-op)", "psql_query", "retort_noop_upgrade", "alembic_noop_upgrade"),
    ("`check`, up to date", "psql_query", "retort_check", None),
    ("`current`", "psql_query", "retort_current", "alembic_current"),
    ("`history`", None, "retort_history", "alembic_history"),
    ("`heads`", None, "retort_heads", "alembic_heads"),
    ("`upgrade head --sql`", None, "retort_sql", "alembic_sql"),
]
HEAVY = ROWS[:3]
RETORT_KEYS = [r[2] for r in ROWS]

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
    def __init__(self, data):
        self.data = data
        self.samples = data["samples"]
        self.sizes = sorted(int(n) for n in self.samples)

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
               "| command | floor | retort | Alembic | retort ÷ floor | retort ÷ Alembic | retort CPU | queries "
               "(retort / Alembic) | retort peak RSS |",
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for label, floor, retort, alembic in ROWS:
            r = self.med(n, retort)
            queries = "—"
            if retort in q:
                queries = f"{q[retort]} / {q.get(alembic, '—') if alembic else '—'}"
            rss = max(s["rss_kb"] for s in self.get(n, retort)) * 1024 / MB if self.get(n, retort) else None
            out.append(f"| {label} | {self.cell(n, floor)} | {self.cell(n, retort)} | {self.cell(n, alembic)} | "
                       f"{fmt_ratio(r, self.med(n, floor))} | {fmt_ratio(r, self.med(n, alembic))} | "
                       f"{fmt_seconds(self.med(n, retort, 'cpu'))} | {queries} | "
                       f"{f'{rss:.1f} MB' if rss else '—'} |")
        out += ["", "CPU seconds of the same upgrades and downgrades (client process plus the server's processes; "
                "medians): the cost of the work itself, which a busy machine disturbs less than wall time. The "
                "server's user-space part leaves out the kernel's file creation for new relations, which is the "
                "same for every tool.", "",
                "| command | floor | retort | Alembic | retort ÷ floor | retort ÷ Alembic | server user-space CPU "
                "(floor / retort) |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        for label, floor, retort, alembic in HEAVY:
            cpu = {k: self.cpu(n, k) for k in (floor, retort, alembic)}
            user = " / ".join(self.fmt_cpu(self.cpu(n, k, ("server_user",))) for k in (floor, retort))
            out.append(f"| {label} | {self.fmt_cpu(cpu[floor])} | {self.fmt_cpu(cpu[retort])} | "
                       f"{self.fmt_cpu(cpu[alembic])} | {fmt_ratio(cpu[retort], cpu[floor])} | "
                       f"{fmt_ratio(cpu[retort], cpu[alembic])} | {user} |")
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

        if have_mid:
            for label, floor, retort, limit in (
                    ("`upgrade head --single-transaction`, N = 1,000: at most 1.00× `psql -1 -f`",
                     "psql_up_single", "retort_up_single", 1.0),
                    ("`upgrade head` per revision, N = 1,000: at most 1.05× psql with BEGIN/COMMIT per revision",
                     "psql_up_per_revision", "retort_up_per_revision", 1.05)):
                wall = self.med(mid, retort) / self.med(mid, floor)
                cpu = self.cpu(mid, retort) / self.cpu(mid, floor)
                row(label, f"{wall:.2f}× wall, {cpu:.2f}× CPU", wall <= limit)
        else:
            missing("`upgrade head`, N = 1,000, against the psql floors", mid)
        if have_big:
            q = self.data["queries"].get(str(big), {})
            floor = self.med(big, "psql_query")
            for label, key in (("no-op `upgrade head`", "retort_noop_upgrade"), ("`check`", "retort_check"),
                               ("`current`", "retort_current")):
                cpu, wall = self.med(big, key, "cpu"), self.med(big, key)
                row(f"{label}, N = 10,000: under 20 ms of process time and one query",
                    f"{fmt_seconds(cpu)} CPU ({fmt_seconds(wall)} wall; psql's connect and `SELECT 1`: "
                    f"{fmt_seconds(floor)}), {q.get(key, '?')} quer{'y' if q.get(key) == 1 else 'ies'}",
                    cpu < 0.020 and q.get(key) == 1)
            for label, key in (("`heads`", "retort_heads"), ("`history`", "retort_history"),
                               ("`upgrade head --sql`", "retort_sql")):
                t = self.med(big, key)
                row(f"{label}, N = 10,000: under 50 ms", fmt_seconds(t), t < 0.050)
            t = self.med(big, "generator")
            row("generator, N = 10,000: under 2 s", fmt_seconds(t), t < 2.0)
            peaks = {k: max(s["rss_kb"] for s in self.get(big, k)) * 1024 for k in RETORT_KEYS if self.get(big, k)}
            limit = self.data["builds"][str(big)]["sql_bytes"] + 20 * MB
            names = {"retort_up_per_revision": "`upgrade head`", "retort_down_per_revision": "`downgrade base`",
                     "retort_noop_upgrade": "no-op `upgrade head`"}
            worst = max(peaks, key=peaks.get)
            label = next(r[0] for r in ROWS if r[2] == worst)
            shown = [f"{names[k]} {peaks[k] / MB:.1f} MB" for k in names if k in peaks and k != worst]
            row("peak memory, N = 10,000: under the SQL size plus 20 MB",
                f"{label} {peaks[worst] / MB:.1f} MB; {', '.join(shown)} (limit {limit / MB:.1f} MB)",
                peaks[worst] < limit)
        else:
            missing("commands and generator at N = 10,000", big)
        runs = self.data["rebuild"]["generator_runs"]
        row("a rebuild with no change runs no generator", f"{runs} generator runs", runs == 0)
        return out

    def machine(self):
        m = self.data["machine"]
        lines = [f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}, kernel {m['kernel']}; "
                 f"load average {m['load_average_start'][0]:.1f} at the start, {m['load_average_end'][0]:.1f} at the "
                 "end (the machine is shared: other builds ran at the same time).",
                 f"- PostgreSQL {m['postgresql']} (throwaway cluster of `tests/pg/pg_cluster.sh`, unix socket, "
                 f"data directory on {m.get('data_filesystem', 'disk')}, {m['postgresql_settings']}); {m['psql']}.",
                 f"- {m['gxx']}; {m['cmake']}; baked binaries built with `CMAKE_BUILD_TYPE=Release`.",
                 f"- retort {m['retort_commit']}{' (with uncommitted changes)' if m['retort_dirty'] else ''}; "
                 f"{m.get('alembic', 'Alembic not installed: its column is empty')}; {m['python']}.",
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
                  ("Alembic (transaction per migration)", "alembic_up_per_revision")]
        noop = [("psql: connect, SELECT 1", "psql_query"), ("retort no-op upgrade head", "retort_noop_upgrade"),
                ("retort heads", "retort_heads"), ("Alembic no-op upgrade head", "alembic_noop_upgrade"),
                ("Alembic heads", "alembic_heads")]
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
    a = p.parse_args()
    with open(a.results) as f:
        report = Report(json.load(f))
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
