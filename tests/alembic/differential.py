#!/usr/bin/env python3
"""Differential suite: Debian's Alembic and retort on the same generated graphs, compared case by case.

  differential.py RETORT_BINARY [--only SUBSTRING] [--jobs N] [--verbose]

Needs the fixture's PG* variables (PGHOST, PGPORT, PGUSER). Every case gets two fresh databases, one per
tool. Exits 77 (CTest's SKIP_RETURN_CODE) when /usr/bin/python3 cannot import alembic and psycopg2, 1
when a case differs that is not an expected failure or an expected failure passes.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES, EXPECTED_FAILURES  # noqa: E402
from graphs import GRAPHS, write_alembic_project, write_retort_dir  # noqa: E402

ALEMBIC_PYTHON = "/usr/bin/python3"
# Alembic orders siblings by the order os.listdir() returns the revision files in, which depends on the
# file system (hash order on ext4). Pinned to name order, Alembic's sibling order is reproducible and
# retort, which reads files in name order, can be compared with it.
ALEMBIC_MAIN = (
    "import os, runpy, sys; _listdir = os.listdir; "
    "os.listdir = lambda path='.': sorted(_listdir(path)); "
    "sys.argv[0] = 'alembic'; runpy.run_module('alembic', run_name='__main__', alter_sys=True)"
)
TIMEOUT = 120
_counter = iter(range(1, 1 << 30))
_counter_lock = threading.Lock()


def psql(db, sql, check=True):
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql]
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=TIMEOUT).stdout


class Database:
    """A fresh database with the `steps` table every revision writes to; dropped on exit."""

    def __init__(self, tag):
        with _counter_lock:
            n = next(_counter)
        self.name = f"differential_{os.getpid()}_{n}_{tag}"

    def __enter__(self):
        psql("postgres", f'CREATE DATABASE "{self.name}"')
        psql(self.name, "CREATE TABLE steps (n serial PRIMARY KEY, rev text NOT NULL, dir text NOT NULL)")
        return self

    def __exit__(self, *exc):
        psql("postgres", f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', check=False)

    def state(self):
        exists = psql(self.name, "SELECT to_regclass('alembic_version') IS NOT NULL").strip() == "t"
        rows = []
        if exists:
            rows = sorted(psql(self.name, "SELECT version_num FROM alembic_version").split())
        steps = psql(self.name, "SELECT rev || ':' || dir FROM steps ORDER BY n").split()
        return {"version table": exists, "version rows": rows, "revisions run": steps}

    def run_script(self, script):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.name]
        r = subprocess.run(cmd, input=script, capture_output=True, text=True, timeout=TIMEOUT)
        return r.returncode == 0, r.stderr


class Tool:
    """One tool on one project directory: run(argv, db) -> (exit status, stdout, stderr)."""

    def __init__(self, name, argv_prefix, cwd, versions):
        self.name, self.argv_prefix, self.cwd, self.versions = name, argv_prefix, cwd, versions
        self.before = set(os.listdir(versions))

    def new_revision(self):
        """The id and parents of the revision file `revision` or `merge` wrote, parents in file order."""
        new = sorted(set(os.listdir(self.versions)) - self.before - {"__pycache__"})
        if len(new) != 1:
            return {"files written": len(new)}
        text = open(os.path.join(self.versions, new[0])).read()
        if self.name == "alembic":
            rev = re.search(r"^revision = '([^']*)'", text, re.M).group(1)
            down = re.search(r"^down_revision = (.*)$", text, re.M).group(1)
            parents = re.findall(r"'([^']*)'", down)
        else:
            rev = re.search(r"^-- Revision ID: (.*)$", text, re.M).group(1).strip()
            parents = [p.strip() for p in re.search(r"^-- Revises:(.*)$", text, re.M).group(1).split(",") if p.strip()]
        return {"revision": rev, "parents": parents}

    def run(self, argv, db):
        env = dict(os.environ)
        for key in ("DATABASE_URL", "PYTHONPATH", "PYTHONHOME"):
            env.pop(key, None)
        env["PGDATABASE"] = db.name
        host, port, user = env.get("PGHOST", ""), env.get("PGPORT", "5432"), env.get("PGUSER", "postgres")
        env["ALEMBIC_TEST_URL"] = f"postgresql+psycopg2://{user}@/{db.name}?host={host}&port={port}"
        r = subprocess.run(self.argv_prefix + list(argv), cwd=self.cwd, env=env, capture_output=True,
                           text=True, timeout=TIMEOUT)
        return r.returncode, r.stdout, r.stderr


def alembic_lines(out, err):
    """Alembic's output without its logger prefix and the two lines every connection logs."""
    lines = []
    for line in (out + err).splitlines():
        line = re.sub(r"^INFO  \[alembic\.[a-z.]+\] ", "", line)
        if line in ("Context impl PostgresqlImpl.", "Will assume transactional DDL.", ""):
            continue
        lines.append(line.rstrip())
    return lines


def retort_lines(out):
    """retort's output without what Alembic does not print: the `[k/N] ` progress counter and the
    timings after each step."""
    lines = []
    for line in out.splitlines():
        line = re.sub(r"^\[\d+/\d+\] ", "", line.rstrip())
        line = re.sub(r" \(\d+(\.\d+)? ms(, \d+(\.\d+)? s elapsed)?\)$", "", line)
        lines.append(line)
    return [line for line in lines if line]


def running_lines(lines):
    """The `Running upgrade|downgrade a -> b, message` lines; Alembic writes the base as an empty id."""
    found = []
    for line in lines:
        m = re.match(r"^(?:-- )?Running (upgrade|downgrade) (.*)$", line)
        if m:
            found.append(f"Running {m.group(1)} {m.group(2).replace('<base>', '').strip()}")
    return found


# Lines that differ by construction: the file path (two projects) and retort's checksum line (an
# extension, docs/alembic.md).
_NOT_COMPARED = re.compile(r"^(Path: |\s+Upgrade checksum: )")


# retort's line for a database with no version row, where Alembic prints nothing (docs/alembic.md).
_RETORT_EMPTY_CURRENT = "(base: no revision applied)"


def inspect_lines(tool, out, err, command):
    lines = [line.rstrip() for line in out.splitlines()] if tool == "alembic" else retort_lines(out)
    lines = [line for line in lines if line.strip() and not _NOT_COMPARED.match(line)]
    if command[0] == "current":
        # Alembic prints the current heads in the order of a Python set.
        return sorted(line for line in lines if line != _RETORT_EMPTY_CURRENT)
    if command[0] == "branches":
        return sorted_children(lines)
    return lines


def sorted_children(lines):
    """Alembic prints a branch point's children in the order of a Python set: compare them sorted."""
    out, children = [], []
    for line in lines + [""]:
        if line.startswith(" "):
            children.append(line)
            continue
        out += sorted(children)
        children = []
        if line:
            out.append(line)
    return out


class CaseRun:
    def __init__(self, case, root, retort):
        self.case = case
        revs = GRAPHS[case.graph]
        write_alembic_project(os.path.join(root, "alembic_project"), revs)
        write_retort_dir(os.path.join(root, "retort_project"), revs)
        a_root = os.path.join(root, "alembic_project")
        self.tools = {
            "alembic": Tool("alembic", [ALEMBIC_PYTHON, "-c", ALEMBIC_MAIN, "-c", f"{a_root}/alembic.ini"], a_root,
                            os.path.join(a_root, "alembic", "versions")),
            "retort": Tool("retort", [retort, "--dir", os.path.join(root, "retort_project", "migrations")],
                           os.path.join(root, "retort_project"), os.path.join(root, "retort_project", "migrations")),
        }

    def observe(self, tool_name):
        """What one tool does with the case: a dict of comparable facts and a transcript."""
        tool = self.tools[tool_name]
        transcript = []
        with Database(tool_name[0]) as db:
            for argv in self.case.setup:
                status, out, err = tool.run(argv, db)
                transcript.append(f"$ {' '.join(argv)} -> {status}\n{out}{err}")
                if status != 0:
                    return {"setup failed": " ".join(argv)}, transcript
            status, out, err = tool.run(self.case.command, db)
            transcript.append(f"$ {' '.join(self.case.command)} -> {status}\n{out}{err}")
            return self.facts(tool_name, db, status, out, err, transcript), transcript

    def facts(self, tool_name, db, status, out, err, transcript):
        kind = self.case.kind
        facts = {"succeeded": status == 0}
        if kind == "refuse" or status != 0:
            return facts
        if kind == "author":
            facts.update(self.tools[tool_name].new_revision())
            if "--rev-id" not in self.case.command:
                facts.pop("revision", None)  # a random id
            return facts
        if kind == "inspect":
            facts["output"] = inspect_lines(tool_name, out, err, self.case.command)
            return facts
        if kind == "migrate":
            lines = alembic_lines(out, err) if tool_name == "alembic" else retort_lines(out)
            facts["running lines"] = running_lines(lines)
            facts.update(db.state())
            return facts
        # script: run what was printed on the database at the start state
        facts["running comments"] = running_lines(out.splitlines())
        ok, script_err = db.run_script(out)
        facts["script ran"] = ok
        if not ok:
            transcript.append(f"psql: {script_err}")
        facts.update(db.state())
        return facts


def compare(case, retort):
    root = tempfile.mkdtemp(prefix="differential_")
    try:
        run = CaseRun(case, root, retort)
        a_facts, a_log = run.observe("alembic")
        r_facts, r_log = run.observe("retort")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if case.kind == "refuse" and a_facts.get("succeeded"):
        a_facts = {"alembic did not refuse": True}
    diffs = [k for k in sorted(set(a_facts) | set(r_facts)) if a_facts.get(k) != r_facts.get(k)]
    report = []
    for k in diffs:
        report.append(f"    {k}:\n      alembic: {a_facts.get(k)}\n      retort:  {r_facts.get(k)}")
    return diffs, report, a_log, r_log


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("retort")
    parser.add_argument("--only", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    probe = subprocess.run([ALEMBIC_PYTHON, "-c", "import alembic, psycopg2"], capture_output=True)
    if probe.returncode != 0:
        print(f"SKIP: alembic or psycopg2 is not importable by {ALEMBIC_PYTHON}")
        return 77
    unknown = set(EXPECTED_FAILURES) - {c.name for c in CASES}
    if unknown:
        print("expected failures that name no case:\n  " + "\n  ".join(sorted(unknown)))
        return 1
    cases = [c for c in CASES if args.only in c.name]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: (c, compare(c, args.retort)), cases))
    return summarise(results, args.verbose)


def summarise(results, verbose):
    counts = {"pass": 0, "xfail": 0, "FAIL": 0, "XPASS": 0}
    for case, (diffs, report, a_log, r_log) in results:
        expected = case.name in EXPECTED_FAILURES
        verdict = {(False, False): "pass", (True, True): "xfail", (True, False): "FAIL",
                   (False, True): "XPASS"}[(bool(diffs), expected)]
        counts[verdict] += 1
        reason = f" ({EXPECTED_FAILURES[case.name]})" if expected else ""
        print(f"{verdict:5} {case.name}{reason}")
        if verdict == "FAIL" or (verbose and diffs):
            print("\n".join(report))
            if verbose or verdict == "FAIL":
                print("    --- alembic\n" + indent("\n".join(a_log)))
                print("    --- retort\n" + indent("\n".join(r_log)))
    print(f"\n{len(results)} cases: {counts['pass']} pass, {counts['xfail']} expected failures, "
          f"{counts['FAIL']} unexpected failures, {counts['XPASS']} unexpected passes")
    return 0 if counts["FAIL"] == 0 and counts["XPASS"] == 0 else 1


def indent(text):
    return "\n".join("      " + line for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
