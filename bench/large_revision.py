#!/usr/bin/env python3
"""Peak memory and time of one very large revision (and seed) file, against psql and dbmate.

usage: large_revision.py --retort BIN --cluster DIR --port P --work DIR [--mb 200] [--dbmate BIN] --out JSON

Two revision files of about MB megabytes each: `statements` (2,000 INSERTs of 1,000 rows, one table) and
`comments` (one CREATE TABLE, a run of comment lines, one INSERT); and `statements` again as a seed. For
each: retort's `history` (which reads and parses the file), `upgrade head` (a transaction per
revision), `downgrade base`, `upgrade head --single-transaction`, `upgrade head --sql`, `seed`; psql -1 -f
of the same SQL (the floor: psql reads its input a statement at a time) and dbmate's `up`. One run each:
peak memory does not vary between runs, times do by a few percent. The server (bench/run.sh starts it
with tests/pg/pg_cluster.sh) is the benchmark's own; each upgrade runs on a fresh database.
"""
import argparse
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import BenchError, Runner, Server, log  # noqa: E402

HEADER = "-- {name}\n--\n-- Revision ID: {rid}\n-- Revises:\n-- Create Date: 2026-12-01 00:00:00\n\n-- +upgrade\n"
ROW = "(1, '" + "y" * 90 + "')"


def statements_body(mb):
    insert = "INSERT INTO big VALUES " + ",\n".join([ROW] * 1000) + ";\n"
    count = max(1, mb * 1_000_000 // len(insert))
    return "CREATE TABLE big (id int, note text);\n", insert, count


def comments_body(mb):
    line = "-- " + "x" * 96 + "\n"
    return "CREATE TABLE big (id int, note text);\n", line, max(1, mb * 1_000_000 // len(line))


def write_sql(path, head, repeated, count, tail=""):
    with open(path, "w") as f:
        f.write(head)
        for _ in range(count):
            f.write(repeated)
        f.write(tail)


def write_workload(base, name, mb):
    """The revision (retort), the same SQL for psql and for dbmate, and for `statements` a seed."""
    head, repeated, count = statements_body(mb) if name == "statements" else comments_body(mb)
    tail = "" if name == "statements" else "INSERT INTO big VALUES (1, 'one');\n"
    d = os.path.join(base, name)
    for sub in ("revisions", "dbmate", "seeded", "seeds"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    rev = os.path.join(d, "revisions", "0001_big.sql")
    write_sql(rev, HEADER.format(name=name, rid="b16b16b16b16") + head, repeated, count,
              tail + "\n-- +downgrade\nDROP TABLE big;\n")
    write_sql(os.path.join(d, "psql.sql"), head, repeated, count, tail)
    write_sql(os.path.join(d, "dbmate", "20260101000000_big.sql"), "-- migrate:up\n" + head, repeated, count,
              tail + "\n-- migrate:down\nDROP TABLE big;\n")
    if name == "statements":
        with open(os.path.join(d, "seeded", "0001_table.sql"), "w") as f:
            f.write(HEADER.format(name="table", rid="5eed00000001") + head + "\n-- +downgrade\nDROP TABLE big;\n")
        write_sql(os.path.join(d, "seeds", "0001_rows.sql"), "-- rows\n\n", repeated, count)
    return d, os.path.getsize(rev)


class LargeBench:
    def __init__(self, args, server, runner):
        self.args = args
        self.server = server
        self.runner = runner
        self.rows = []

    def fresh(self, db):
        self.server.psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        self.server.psql(f"CREATE DATABASE {db}")
        return self.server.client_env(db)

    def record(self, workload, tool, command, sample):
        self.rows.append({"workload": workload, "tool": tool, "command": command, "wall": sample["wall"],
                          "cpu": sample["cpu"], "rss_kb": sample["rss_kb"]})
        log(f"{workload} {tool} {command}: {sample['rss_kb'] / 1024:.0f} MB, {sample['wall']:.2f} s")

    def retort(self, d, *words):
        return [self.args.retort, "--dir", os.path.join(d, "revisions"), "--max-file-size",
                str(2 * self.args.mb + 16), *words]

    def run_workload(self, name, d):
        env = self.fresh("large")
        run = self.runner.run
        self.record(name, "retort", "history", run(self.retort(d, "history"), env))
        self.record(name, "retort", "upgrade head", run(self.retort(d, "-q", "upgrade", "head"), env, server_cpu=True))
        self.record(name, "retort", "downgrade base", run(self.retort(d, "-q", "downgrade", "base"), env))
        env = self.fresh("large")
        self.record(name, "retort", "upgrade head --single-transaction",
                    run(self.retort(d, "-q", "upgrade", "head", "--single-transaction"), env, server_cpu=True))
        self.record(name, "retort", "upgrade head --sql", run(self.retort(d, "upgrade", "head", "--sql"), env))
        env = self.fresh("large")
        psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", os.path.join(d, "psql.sql")]
        self.record(name, "psql", "psql -1 -f", run(psql, env, server_cpu=True))
        if self.args.dbmate:
            self.fresh("large")
            dbmate = [self.args.dbmate, "--url", self.server.dbmate_url("large"), "--migrations-dir",
                      os.path.join(d, "dbmate"), "--no-dump-schema", "up"]
            self.record(name, "dbmate", "up", run(dbmate, env, server_cpu=True))

    def run_seed(self, d):
        env = self.fresh("large")
        seeded = [self.args.retort, "--dir", os.path.join(d, "seeded"), "--max-file-size", str(2 * self.args.mb + 16)]
        self.runner.run(seeded + ["-q", "upgrade", "head"], env)
        self.record("statements (seed)", "retort", "seed",
                    self.runner.run(seeded + ["--seeds", os.path.join(d, "seeds"), "seed"], env, server_cpu=True))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--retort", required=True)
    p.add_argument("--cluster", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--mb", type=int, default=200)
    p.add_argument("--dbmate")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    base = os.path.join(args.work, "large")
    shutil.rmtree(base, ignore_errors=True)
    server = Server(args.cluster, args.port)
    os.makedirs(os.path.join(base, "scratch"), exist_ok=True)
    bench = LargeBench(args, server, Runner(server, os.path.join(base, "scratch")))
    sizes = {}
    try:
        for name in ("statements", "comments"):
            log(f"large revision: writing the {name} workload ({args.mb} MB)")
            d, sizes[name] = write_workload(base, name, args.mb)
            bench.run_workload(name, d)
            if name == "statements":
                bench.run_seed(d)
            shutil.rmtree(d)
    except BenchError as e:
        print(f"large_revision: {e}", file=sys.stderr)
        return 1
    with open(args.out, "w") as f:
        json.dump({"mb": args.mb, "file_bytes": sizes, "rows": bench.rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
