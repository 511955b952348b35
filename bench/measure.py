#!/usr/bin/env python3
"""Runs every measurement of the benchmark against a throwaway PostgreSQL and writes them as JSON.

Called by bench/run.sh, which generates the workloads, builds the baked binaries and starts the
server first. For each size N it times, on a fresh database per run: the psql floors, retort's
upgrade (per revision and --single-transaction), downgrade base, the commands on an up-to-date
database, and Alembic's equivalents; the generator and the compile of the generated source; a
rebuild with no change. After every upgrade the schema fingerprint (bench/fingerprint.sql) must equal
the floor's, and after every downgrade the empty database's, or the run stops.

Every timed process is waited for with wait4(): wall time, client CPU (user + system) and peak
resident memory (ru_maxrss, the "Maximum resident set size" of /usr/bin/time -v) come from it. Server
CPU is the growth of the CPU time of the cluster's processes (the postmaster accumulates the times of
the backends it reaps), so a run's cost can be read even on a busy machine.
"""
import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Environment variables that would point a client somewhere other than the benchmark's server.
FOREIGN_ENV = ("DATABASE_URL", "DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER",
               "DATABASE_PASSWORD", "PGDATABASE", "PGSERVICE", "PGSERVICEFILE", "PGPASSWORD", "PGOPTIONS",
               "PGHOSTADDR", "ALEMBIC_URL", "ALEMBIC_PER_MIGRATION")


class BenchError(Exception):
    pass


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Server:
    """The benchmark's own PostgreSQL cluster (bench/run.sh started it with tests/pg/pg_cluster.sh)."""

    def __init__(self, cluster_dir, port, tcp_password=None):
        self.dir = cluster_dir
        self.port = port
        self.socket = os.path.join(cluster_dir, "socket")
        self.tcp_password = tcp_password
        self.log_path = os.path.join(cluster_dir, "log")
        self.env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
        self.env.update(PGHOST=self.socket, PGPORT=str(port), PGUSER="postgres")
        if tcp_password is not None:
            # As production connects: over TCP with a password (the socket would skip both).
            self.env.update(PGHOST="127.0.0.1", PGPASSWORD=tcp_password, PGSSLMODE="disable")
        with open(os.path.join(cluster_dir, "data", "postmaster.pid")) as f:
            self.postmaster = int(f.readline())

    def dbmate_url(self, database):
        if self.tcp_password is not None:
            return f"postgres://postgres:{self.tcp_password}@127.0.0.1:{self.port}/{database}?sslmode=disable"
        return f"postgres://postgres@localhost:{self.port}/{database}?socket={self.socket}&sslmode=disable"

    def client_env(self, database, **extra):
        env = dict(self.env, PGDATABASE=database)
        env.update(extra)
        return env

    def psql(self, sql, database="postgres", file=None):
        cmd = ["psql", "-X", "-At", "-q", "-v", "ON_ERROR_STOP=1", "-d", database]
        cmd += ["-f", file] if file else ["-c", sql]
        r = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"psql failed ({' '.join(cmd)}): {r.stderr.strip()}")
        return r.stdout.strip()

    def fresh_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE template0')

    def drop_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')

    def fingerprint(self, database):
        return self.psql(None, database, file=os.path.join(HERE, "fingerprint.sql"))

    def cpu_seconds(self):
        """User and system CPU time of the postmaster, of the children it reaped and of its live children."""
        user = system = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ppid, utime, stime, cutime, cstime = int(fields[1]), *map(int, fields[11:15])
            if int(pid) == self.postmaster:
                user += utime + cutime
                system += stime + cstime
            elif ppid == self.postmaster:
                user += utime
                system += stime
        return user / CLOCK_TICKS, system / CLOCK_TICKS

    def log_size(self):
        return os.path.getsize(self.log_path)

    def statements_logged_since(self, offset):
        """Statements the server logged (log_statement = all) after byte `offset` of its log."""
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        return len(re.findall(r"LOG:  (?:statement|execute [^:]*): ", text))


class Runner:
    """Starts processes and measures them."""

    def __init__(self, server, scratch):
        self.server = server
        self.scratch = scratch

    def run(self, cmd, env, cwd=None, server_cpu=False, output="out.txt"):
        cpu_before = self.server.cpu_seconds() if server_cpu else None
        out_path = os.path.join(self.scratch, output)
        with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - start
            p.returncode = os.waitstatus_to_exitcode(status)
            if p.returncode != 0:
                err.seek(0)
                message = err.read().decode("utf-8", "replace").strip()[-2000:]
                raise BenchError(f"exit {p.returncode} from {shlex.join(cmd)} (in {cwd or os.getcwd()}):\n{message}")
        sample = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}
        if server_cpu:
            time.sleep(0.05)  # let the postmaster reap the backend, whose times it then accumulates
            user, system = self.server.cpu_seconds()
            sample["server_user"] = user - cpu_before[0]
            sample["server_cpu"] = sample["server_user"] + system - cpu_before[1]
        return sample


class Results:
    def __init__(self):
        self.samples = {}

    def add(self, n, key, sample):
        self.samples.setdefault(str(n), {}).setdefault(key, []).append(sample)


class SizeBench:
    """Everything measured for one workload size."""

    def __init__(self, n, args, server, runner, results):
        self.n = n
        self.args = args
        self.server = server
        self.runner = runner
        self.results = results
        base = os.path.join(args.work, "src", f"w{n}")
        self.revisions = os.path.join(base, "revisions")
        self.psql_dir = os.path.join(base, "psql")
        self.alembic_dir = os.path.join(base, "alembic")
        self.dbmate_dir = os.path.join(base, "dbmate")
        self.binary = os.path.join(args.work, "build", f"bench_n{n}")
        self.db = f"bench_n{n}"
        self.alembic_runs = args.runs
        self.reference = None
        self.empty = None

    # --- commands -------------------------------------------------------------------------------
    def retort(self, *words):
        return [self.binary, *words]

    def psql_file(self, name, one_transaction):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        if one_transaction:
            cmd.append("-1")
        return cmd + ["-f", os.path.join(self.psql_dir, name)]

    def alembic(self, *words):
        return [PYTHON, "-m", "alembic", "-c", os.path.join(self.alembic_dir, "alembic.ini"), *words]

    def dbmate(self, *words):
        return [self.args.dbmate, "--url", self.server.dbmate_url(self.db), "--migrations-dir", self.dbmate_dir,
                "--no-dump-schema", *words]

    def alembic_env(self, per_migration):
        return self.server.client_env(self.db, ALEMBIC_URL=f"postgresql+psycopg2:///{self.db}",
                                      ALEMBIC_PER_MIGRATION="1" if per_migration else "0")

    # --- measuring ------------------------------------------------------------------------------
    def timed(self, key, cmd, env, cwd=None, server_cpu=False):
        sample = self.runner.run(cmd, env, cwd, server_cpu, output=f"{key}.out")
        self.results.add(self.n, key, sample)
        return sample

    def repeated(self, key, cmd, env, cwd=None):
        """A fast command: several samples per run, at least one, at most about two seconds' worth."""
        spent = 0.0
        for _ in range(self.args.repeats):
            spent += self.timed(key, cmd, env, cwd)["wall"]
            if spent > 2.0:
                break

    def expect_schema(self, what, expected):
        got = self.server.fingerprint(self.db)
        if got != expected:
            raise BenchError(f"N={self.n}: the schema after {what} differs from the reference: {got} != {expected}"
                             f" (database {self.db} kept for inspection)")

    def expect_recorded(self, what):
        rows = self.server.psql("SELECT count(*) FROM alembic_version_history WHERE status = 'applied'", self.db)
        if int(rows) != self.n:
            raise BenchError(f"N={self.n}: {what} recorded {rows} revisions in the history, expected {self.n}")

    def fresh(self):
        self.server.fresh_database(self.db)

    # --- one run of each tool ---------------------------------------------------------------------
    def floor_single(self):
        self.fresh()
        env = self.server.client_env(self.db)
        self.timed("psql_up_single", self.psql_file("all.sql", True), env, server_cpu=True)
        fingerprint = self.server.fingerprint(self.db)
        if self.reference is None:
            self.reference = fingerprint
            log(f"N={self.n}: reference schema {fingerprint}")
        self.expect_schema("psql -1 -f all.sql", self.reference)
        # The least a command that reads the database can cost: connect, one query, disconnect.
        self.repeated("psql_query", ["psql", "-X", "-Atc", "SELECT 1"], env)

    def floor_per_revision(self):
        self.fresh()
        env = self.server.client_env(self.db)
        self.timed("psql_up_per_revision", self.psql_file("per_revision.sql", False), env, server_cpu=True)
        self.expect_schema("psql -f per_revision.sql", self.reference)
        self.timed("psql_down_per_revision", self.psql_file("per_revision_down.sql", False), env, server_cpu=True)
        self.expect_schema("psql -f per_revision_down.sql", self.empty)

    def retort_single(self):
        self.fresh()
        env = self.server.client_env(self.db)
        self.timed("retort_up_single", self.retort("upgrade", "head", "--single-transaction"), env, server_cpu=True)
        self.expect_schema("retort upgrade head --single-transaction", self.reference)
        self.expect_recorded("retort upgrade head --single-transaction")

    def retort_per_revision(self):
        self.fresh()
        env = self.server.client_env(self.db)
        self.timed("retort_up_per_revision", self.retort("upgrade", "head"), env, server_cpu=True)
        self.expect_schema("retort upgrade head", self.reference)
        self.expect_recorded("retort upgrade head")
        if not self.args.lean:
            self.commands_up_to_date(env)
        self.timed("retort_down_per_revision", self.retort("downgrade", "base"), env, server_cpu=True)
        self.expect_schema("retort downgrade base", self.empty)

    def commands_up_to_date(self, env):
        self.repeated("retort_noop_upgrade", self.retort("upgrade", "head"), env)
        self.repeated("retort_check", self.retort("check"), env)
        self.repeated("retort_current", self.retort("current"), env)
        self.repeated("retort_history", self.retort("history"), env)
        self.repeated("retort_heads", self.retort("heads"), env)
        self.repeated("retort_sql", self.retort("upgrade", "head", "--sql"), env)
        self.expect_schema("the commands on an up-to-date database", self.reference)
        # One step back, as `dbmate rollback` does, and forward again. The head is a merge, where
        # `downgrade -1` is ambiguous (as in Alembic): go to its first parent instead.
        self.timed("retort_down_one", self.retort("downgrade", self.head_first_parent()), env, server_cpu=True)
        self.runner.run(self.retort("upgrade", "head"), env)
        self.expect_schema("retort downgrade -1 and upgrade head", self.reference)

    def head_first_parent(self):
        """The first parent of the last revision file (the workload's head), from its header."""
        last = sorted(f for f in os.listdir(self.revisions) if f.endswith(".sql"))[-1]
        with open(os.path.join(self.revisions, last), encoding="utf-8") as f:
            for line in f:
                if line.startswith("-- Revises:"):
                    parents = [p.strip() for p in line.split(":", 1)[1].split(",") if p.strip()]
                    return parents[0] if parents else "base"
        raise BenchError(f"{last} has no Revises line")

    def alembic_single(self):
        self.fresh()
        env = self.alembic_env(per_migration=False)
        self.timed("alembic_up_single", self.alembic("upgrade", "head"), env, self.alembic_dir, server_cpu=True)
        self.expect_schema("alembic upgrade head", self.reference)
        if self.args.lean:
            return
        self.repeated("alembic_noop_upgrade", self.alembic("upgrade", "head"), env, self.alembic_dir)
        self.repeated("alembic_current", self.alembic("current"), env, self.alembic_dir)
        self.repeated("alembic_history", self.alembic("history"), env, self.alembic_dir)
        self.repeated("alembic_heads", self.alembic("heads"), env, self.alembic_dir)
        self.repeated("alembic_sql", self.alembic("upgrade", "head", "--sql"), env, self.alembic_dir)

    def alembic_per_revision(self):
        self.fresh()
        env = self.alembic_env(per_migration=True)
        self.timed("alembic_up_per_revision", self.alembic("upgrade", "head"), env, self.alembic_dir,
                   server_cpu=True)
        self.expect_schema("alembic upgrade head (transaction_per_migration)", self.reference)
        self.timed("alembic_down_per_revision", self.alembic("downgrade", "base"), env, self.alembic_dir,
                   server_cpu=True)
        self.expect_schema("alembic downgrade base", self.empty)

    def dbmate_run(self):
        """dbmate (a transaction per migration, as it runs by default): up from empty, the no-op up, status,
        rollback of the last migration and, where N is small enough, of every migration (one process each:
        dbmate rolls back one migration per run)."""
        self.fresh()
        env = self.server.env
        self.timed("dbmate_up", self.dbmate("up"), env, server_cpu=True)
        self.expect_schema("dbmate up", self.reference)
        if not self.args.lean:
            self.repeated("dbmate_noop_upgrade", self.dbmate("up"), env)
            self.repeated("dbmate_status", self.dbmate("status"), env)
        first = self.timed("dbmate_rollback_one", self.dbmate("rollback"), env, server_cpu=True)
        if self.n > self.args.dbmate_full_rollback:
            return
        total = dict(first)
        for _ in range(self.n - 1):
            sample = self.runner.run(self.dbmate("rollback"), env, server_cpu=True)
            for field in ("wall", "cpu", "server_user", "server_cpu"):
                total[field] += sample[field]
            total["rss_kb"] = max(total["rss_kb"], sample["rss_kb"])
        self.results.add(self.n, "dbmate_down_all", total)
        self.expect_schema("dbmate rollback of every migration", self.empty)

    # --- query counts -------------------------------------------------------------------------------
    def count_queries(self):
        """Runs each read-only command once with log_statement = all and counts what the server ran."""
        self.fresh()
        env = self.server.client_env(self.db)
        self.runner.run(self.retort("upgrade", "head"), env)
        self.server.psql(f'ALTER DATABASE "{self.db}" SET log_statement = \'all\'')
        counts = {}
        commands = {"retort_noop_upgrade": (self.retort("upgrade", "head"), env, None),
                    "retort_check": (self.retort("check"), env, None),
                    "retort_current": (self.retort("current"), env, None),
                    "retort_history": (self.retort("history"), env, None),
                    "psql_query": (["psql", "-X", "-Atc", "SELECT 1"], env, None)}
        if self.args.alembic and self.alembic_runs == self.args.runs:
            # Alembic reads the same alembic_version table that retort wrote.
            a_env = self.alembic_env(per_migration=False)
            commands["alembic_noop_upgrade"] = (self.alembic("upgrade", "head"), a_env, self.alembic_dir)
            commands["alembic_current"] = (self.alembic("current"), a_env, self.alembic_dir)
        for key, (cmd, cmd_env, cwd) in commands.items():
            before = self.server.log_size()
            self.runner.run(cmd, cmd_env, cwd)
            time.sleep(0.05)
            counts[key] = self.server.statements_logged_since(before)
        self.server.drop_database(self.db)
        return counts

    # --- build figures ----------------------------------------------------------------------------
    def build_figures(self, compile_command):
        out = os.path.join(self.runner.scratch, f"gen{self.n}")
        os.makedirs(os.path.join(out, "include", f"bench_n{self.n}"), exist_ok=True)
        generator = os.path.join(self.args.work, "build", "retort", "generator", "retort_generator")
        gen = [generator, "--dir", self.revisions, "--label", f"w{self.n}/revisions", "--name", f"bench_n{self.n}",
               "--namespace", f"bench::n{self.n}", "--version-table", "alembic_version",
               "--header-include", f"bench_n{self.n}/revisions.hpp",
               "--header", os.path.join(out, "include", f"bench_n{self.n}", "revisions.hpp"),
               "--source", os.path.join(out, "revisions.cpp"), "--main", os.path.join(out, "main.cpp")]
        # Outputs are rewritten only when they change: remove them so every run writes them.
        for _ in range(self.args.runs):
            for name in ("revisions.cpp", "main.cpp"):
                if os.path.exists(os.path.join(out, name)):
                    os.remove(os.path.join(out, name))
            self.timed("generator", gen, self.server.env)
        cmd, cwd = compile_command
        cmd = list(cmd)
        cmd[cmd.index("-o") + 1] = os.path.join(out, "revisions.o")
        for _ in range(self.args.runs):
            self.timed("compile", cmd, self.server.env, cwd)
        sql_bytes = sum(os.path.getsize(os.path.join(self.revisions, f)) for f in os.listdir(self.revisions))
        return {"sql_bytes": sql_bytes, "revisions": self.n,
                "generated_source_bytes": os.path.getsize(os.path.join(out, "revisions.cpp")),
                "binary_bytes": os.path.getsize(self.binary)}

    # --- everything -------------------------------------------------------------------------------
    def measure(self):
        self.fresh()
        self.empty = self.server.fingerprint(self.db)
        for run in range(self.args.runs):
            steps = [self.floor_single, self.floor_per_revision, self.retort_single, self.retort_per_revision]
            if self.args.alembic and run < self.alembic_runs:
                steps += [self.alembic_single, self.alembic_per_revision]
            if self.args.dbmate:
                steps.append(self.dbmate_run)
            # The floor runs first (it sets the reference schema); the order of the others rotates
            # from run to run so that a slow phase of a shared machine does not always hit one tool.
            rest = steps[1:]
            k = run % len(rest)
            order = [steps[0]] + rest[k:] + rest[:k]
            for step in order:
                log(f"N={self.n} run {run + 1}/{self.args.runs}: {step.__name__}")
                step()
        self.server.drop_database(self.db)


def compile_commands(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    out = {}
    for e in entries:
        m = re.search(r"retort/bench_n(\d+)/revisions\.cpp$", e["file"])
        if m:
            out[int(m.group(1))] = (shlex.split(e["command"]), e["directory"])
    return out


def rebuild_figures(build_dir, runs):
    """A build with no change: how long it takes and whether the generator ran."""
    samples, generator_runs = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        r = subprocess.run(["cmake", "--build", build_dir, "-j2"], capture_output=True, text=True)
        samples.append(time.perf_counter() - start)
        if r.returncode != 0:
            raise BenchError(f"the rebuild failed:\n{r.stdout}{r.stderr}")
        generator_runs += r.stdout.count("retort: compiling the migrations")
    return {"seconds": samples, "generator_runs": generator_runs}


def first_line(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def machine(server, args):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    info = {
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(), "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "postgresql": server.psql("SHOW server_version"),
        "data_filesystem": first_line(["findmnt", "-n", "-o", "FSTYPE", "--target", server.dir]),
        "postgresql_settings": server.psql("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) "
                                           "FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                                           "'full_page_writes', 'shared_buffers')"),
        "gxx": first_line(["g++", "--version"]), "cmake": first_line(["cmake", "--version"]),
        "psql": first_line(["psql", "--version"]), "python": first_line([PYTHON, "--version"]),
        "retort_commit": first_line(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"]),
        "retort_dirty": subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD"]).returncode != 0,
        "load_average_start": os.getloadavg(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    if args.dbmate:
        info["dbmate"] = first_line([args.dbmate, "--version"])
    info["connection"] = "TCP 127.0.0.1, password" if args.tcp_password is not None else "unix socket"
    if args.alembic:
        info["alembic"] = first_line([PYTHON, "-c", "import alembic, sqlalchemy, psycopg2; "
                                      "print('alembic', alembic.__version__, '/ SQLAlchemy', sqlalchemy.__version__, "
                                      "'/ psycopg2', psycopg2.__version__.split()[0])"])
    return info


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True, help="bench/run.sh's work folder (src/, build/)")
    p.add_argument("--cluster", required=True, help="the cluster folder given to pg_cluster.sh")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--size", action="append", required=True, metavar="N:RUNS[:ALEMBIC_RUNS]",
                   help="a workload size, its number of runs and (default: as many) the runs of Alembic, e.g. "
                        "1000:5 or 10000:3:1; repeatable")
    p.add_argument("--repeats", type=int, default=10, help="samples per run of the fast commands")
    p.add_argument("--no-alembic", dest="alembic", action="store_false")
    p.add_argument("--dbmate", help="dbmate's binary (its column stays empty without it)")
    p.add_argument("--dbmate-full-rollback", type=int, default=100, metavar="N",
                   help="roll back every migration with dbmate (one process each) up to this N")
    p.add_argument("--tcp-password", help="connect over TCP 127.0.0.1 with this password (production-like)")
    p.add_argument("--lean", action="store_true",
                   help="only the upgrades from empty and the downgrades (no build figures, no fast commands)")
    p.add_argument("--command", default="", help="the command line to record in the results")
    p.add_argument("--out", required=True, help="results JSON")
    args = p.parse_args()

    server = Server(args.cluster, args.port, args.tcp_password)
    scratch = os.path.join(args.work, "scratch")
    os.makedirs(scratch, exist_ok=True)
    runner = Runner(server, scratch)
    results = Results()
    info = machine(server, args)
    info["command"] = args.command
    builds, queries = {}, {}
    commands = compile_commands(os.path.join(args.work, "build"))
    started = time.perf_counter()
    rebuild = None
    try:
        if not args.lean:
            rebuild = rebuild_figures(os.path.join(args.work, "build"), 3)
        for spec in args.size:
            n, runs, *alembic_runs = (int(x) for x in spec.split(":"))
            args.runs = runs
            bench = SizeBench(n, args, server, runner, results)
            bench.alembic_runs = min(alembic_runs[0], runs) if alembic_runs else runs
            if not args.lean:
                log(f"N={n}: generator and compile ({runs} runs)")
                builds[str(n)] = bench.build_figures(commands[n])
            bench.measure()
            if not args.lean:
                log(f"N={n}: counting queries")
                queries[str(n)] = bench.count_queries()
            args.runs = None
    except BenchError as e:
        log(f"error: {e}")
        return 1
    info["load_average_end"] = os.getloadavg()
    info["seconds"] = time.perf_counter() - started
    with open(args.out, "w") as f:
        json.dump({"machine": info, "rebuild": rebuild, "builds": builds, "queries": queries,
                   "samples": results.samples, "alembic": args.alembic, "dbmate": bool(args.dbmate)}, f, indent=1)
    log(f"results in {args.out} ({info['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
