// The migration CLI: parses arguments, loads the revisions, calls the migrator, prints. No decisions.
#include "retort/cli.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <iostream>

#include "arguments.hpp"
#include "inspect.hpp"
#include "retort/catalog.hpp"
#include "retort/directory.hpp"
#include "retort/migrator.hpp"
#include "retort/target.hpp"

namespace retort {

namespace {

using catalog_source = std::function<catalog(const cli::arguments&)>;

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// libpq keyword values: single-quoted, with backslash and quote escaped.
std::string conninfo_value(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// --database-url, then DATABASE_URL, then DATABASE_HOST/PORT/NAME/USER/PASSWORD; empty leaves libpq to
// its PG* variables.
std::string conninfo(const cli::arguments& a) {
    if (a.database_url) return *a.database_url;
    if (auto url = env("DATABASE_URL"); !url.empty()) return url;
    std::string out;
    for (auto [var, key] : {std::pair{"DATABASE_HOST", "host"}, {"DATABASE_PORT", "port"}, {"DATABASE_NAME", "dbname"},
                            {"DATABASE_USER", "user"}, {"DATABASE_PASSWORD", "password"}})
        if (auto v = env(var); !v.empty()) out += fmt::format("{}{}={}", out.empty() ? "" : " ", key, conninfo_value(v));
    return out;
}

connection connect(const cli::arguments& a) { return connection::open({conninfo(a), "retort"}); }

migrate_options options_of(const cli::arguments& a) {
    migrate_options o;
    o.schema = a.schema;
    o.lock_timeout = a.lock_timeout;
    o.single_transaction = a.single_transaction;
    o.resume = a.resume;
    o.on_waiting = [&a](std::string_view what) {
        std::cerr << fmt::format("retort: {} (held by another process; waiting up to {} s)\n", what,
                                 a.lock_timeout.count() / 1000);
    };
    return o;
}

std::vector<std::string> targets_or(const cli::arguments& a, std::string fallback) {
    if (!a.positional.empty()) return a.positional;
    return {std::move(fallback)};
}

// `--sql FROM:TO`: FROM names the version rows to start from (comma-separated), TO the target.
int offline(const catalog& c, const cli::arguments& a, direction dir) {
    std::vector<std::string> from, targets;
    for (const auto& word : targets_or(a, dir == direction::up ? "head" : "")) {
        auto colon = word.find(':');
        if (colon == std::string::npos) {
            targets.push_back(word);
            continue;
        }
        std::string start = word.substr(0, colon);
        if (!start.empty() && start != "base") {
            std::size_t begin = 0;
            while (begin <= start.size()) {
                auto comma = start.find(',', begin);
                std::string id = start.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
                from.push_back(std::string(c.revisions.at(resolve_revision(c.revisions, id)).id));
                if (comma == std::string::npos) break;
                begin = comma + 1;
            }
        }
        targets.push_back(word.substr(colon + 1));
    }
    if (dir == direction::down && from.empty())
        throw usage_error("downgrade --sql needs a range FROM:TO (there is no database to tell where it starts)");
    bookkeeping books(a.schema, c.version_table, RETORT_VERSION);
    auto mode = a.single_transaction ? transaction_mode::single : transaction_mode::per_revision;
    std::cout << offline_script(c, books, from, targets, dir, mode);
    return exit_ok;
}

void print_steps(const graph& g, const run_report& r, const cli::arguments& a, std::string_view verb) {
    if (a.quiet) return;
    if (a.format == cli::output_format::json) {
        std::string steps;
        for (std::size_t i = 0; i < r.steps.size(); ++i)
            steps += fmt::format("{}{{\"revision\":{},\"direction\":\"{}\",\"seconds\":{:.6f}}}", i ? "," : "",
                                 cli::json_string(g.at(r.steps[i].revision).id),
                                 r.steps[i].dir == direction::up ? "up" : "down", r.seconds[i]);
        std::cout << fmt::format("{{\"{}\":[{}],\"current\":{}}}\n", verb, steps, cli::ids_json(g, r.rows_after));
        return;
    }
    double total = 0;
    for (double s : r.seconds) total += s;
    std::string now = cli::join_ids(g, r.rows_after, "base");
    if (r.steps.empty())
        std::cout << fmt::format("Nothing to do; the database is at {}.\n", now);
    else
        std::cout << fmt::format("{} {} revision{} in {:.3f} s; the database is at {}.\n", verb, r.steps.size(),
                                 r.steps.size() == 1 ? "" : "s", total, now);
}

void print_step_line(const graph& g, const step& s, double seconds) {
    const revision& r = g.at(s.revision);
    std::string parents = cli::join_ids(g, g.parents_of(s.revision));
    if (s.dir == direction::up)
        std::cout << fmt::format("Running upgrade {} -> {}, {} ({:.1f} ms)\n", parents, r.id, r.message, seconds * 1000);
    else
        std::cout << fmt::format("Running downgrade {} -> {}, {} ({:.1f} ms)\n", r.id, parents, r.message, seconds * 1000);
    std::cout.flush();
}

int run_migration(const catalog& c, const cli::arguments& a) {
    const graph& g = c.revisions;
    const bool up = a.command == "upgrade";
    if (a.sql) return offline(c, a, up ? direction::up : direction::down);
    if (!up && a.positional.empty()) throw usage_error("downgrade needs a target, e.g. -1 or base");
    auto conn = connect(a);
    auto options = options_of(a);
    if (!a.quiet && a.format == cli::output_format::text)
        options.on_step = [&g](const step& s, double seconds) { print_step_line(g, s, seconds); };
    migrator m(c, conn, options, RETORT_VERSION);
    auto targets = targets_or(a, "head");
    auto report = up ? m.upgrade(targets) : m.downgrade(targets);
    print_steps(g, report, a, up ? "Upgraded" : "Downgraded");
    return exit_ok;
}

int run_stamp(const catalog& c, const cli::arguments& a) {
    if (a.positional.empty()) throw usage_error("stamp needs a revision, e.g. head or base");
    if (a.sql) {
        std::cout << offline_stamp_script(c, bookkeeping(a.schema, c.version_table, RETORT_VERSION), a.positional,
                                          a.purge);
        return exit_ok;
    }
    auto conn = connect(a);
    migrator m(c, conn, options_of(a), RETORT_VERSION);
    auto report = m.stamp(a.positional, a.purge);
    if (!a.quiet)
        std::cout << fmt::format("Stamped the database at {}; no SQL was run.\n",
                                 cli::join_ids(c.revisions, report.rows_after, "base"));
    return exit_ok;
}

// What the database has applied, read without a lock; throws naming rows these revisions lack.
applied_state applied_in_database(const catalog& c, const cli::arguments& a) {
    auto conn = connect(a);
    auto state = migrator(c, conn, options_of(a), RETORT_VERSION).read_state();
    return state_from_rows(c.revisions, state.rows);
}

int run_current(const catalog& c, const cli::arguments& a) {
    auto rows = applied_in_database(c, a).rows;
    if (a.format == cli::output_format::json)
        std::cout << cli::current_json(c.revisions, rows);
    else if (rows.empty())
        std::cout << "(base: no revision applied)\n";
    else
        std::cout << cli::current_text(c.revisions, rows, a.verbose);
    return exit_ok;
}

// History marks what is applied when a database answers; without one it is still useful.
std::optional<cli::marks> try_marks(const catalog& c, const cli::arguments& a) {
    try {
        auto applied = applied_in_database(c, a);
        return cli::marks{applied.applied, applied.rows};
    } catch (const error&) {
        return std::nullopt;
    }
}

int run_history(const catalog& c, const cli::arguments& a) {
    auto m = try_marks(c, a);
    auto which = cli::history_range(c.revisions, a.range, m ? m->current : std::vector<rev_index>{});
    std::cout << (a.format == cli::output_format::json ? cli::history_json(c.revisions, which, m)
                                                       : cli::history_text(c.revisions, which, m, a.verbose));
    return exit_ok;
}

int run_check(const catalog& c, const cli::arguments& a) {
    auto applied = applied_in_database(c, a);
    auto pending = plan_upgrade(c.revisions, applied, resolved_target{c.revisions.heads(), false, {}});
    if (pending.empty()) {
        if (!a.quiet) std::cout << "The database is up to date.\n";
        return exit_ok;
    }
    if (!a.quiet) {
        std::cout << fmt::format("{} revision{} pending:\n", pending.size(), pending.size() == 1 ? "" : "s");
        for (const auto& s : pending)
            std::cout << fmt::format("  {} ({})\n", c.revisions.at(s.revision).id, c.revisions.at(s.revision).file);
    }
    return exit_error;
}

int dispatch(const catalog& c, const cli::arguments& a) {
    const graph& g = c.revisions;
    const bool json = a.format == cli::output_format::json;
    if (a.command == "upgrade" || a.command == "downgrade") return run_migration(c, a);
    if (a.command == "stamp") return run_stamp(c, a);
    if (a.command == "current") return run_current(c, a);
    if (a.command == "history") return run_history(c, a);
    if (a.command == "check") return run_check(c, a);
    if (a.command == "heads") std::cout << (json ? cli::heads_json(g) : cli::heads_text(g, a.verbose));
    if (a.command == "branches") std::cout << cli::branches_text(g, a.verbose);
    if (a.command == "show") {
        if (a.positional.size() != 1) throw usage_error("show takes one revision");
        std::cout << cli::show_text(g, resolve_revision(g, a.positional.front()), std::nullopt);
    }
    return exit_ok;
}

int run_cli(int argc, char** argv, bool with_dir, const catalog_source& load) {
    std::string program = argc > 0 ? std::string(argv[0]) : "retort";
    if (auto slash = program.rfind('/'); slash != std::string::npos) program.erase(0, slash + 1);
    try {
        cli::arguments a = cli::parse_arguments(argc, argv, with_dir);
        if (a.help) {
            std::cout << cli::help_text(program, a.command, with_dir);
            return exit_ok;
        }
        catalog c = load(a);
        if (a.version) {
            std::cout << fmt::format("retort {} ({}: {} revisions, fingerprint {})\n", RETORT_VERSION, c.name,
                                     c.revisions.size(), c.fingerprint);
            return exit_ok;
        }
        return dispatch(c, a);
    } catch (const usage_error& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return exit_usage;
    } catch (const input_error& e) {
        std::cerr << e.what() << '\n';
        return exit_invalid_input;
    } catch (const lock_timeout_error& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return exit_lock_timeout;
    } catch (const connection_error& e) {
        std::cerr << program << ": cannot reach the database: " << e.what() << '\n';
        return exit_connection;
    } catch (const unfinished_revision_error& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return exit_unfinished;
    } catch (const error& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return exit_error;
    } catch (const std::exception& e) {
        std::cerr << program << ": internal error: " << e.what() << '\n';
        return exit_error;
    }
}

}  // namespace

int run_baked_cli(const baked::table& table, int argc, char** argv) {
    return run_cli(argc, argv, false, [&](const cli::arguments&) { return load_catalog(table); });
}

int run_directory_cli(int argc, char** argv) {
    return run_cli(argc, argv, true, [](const cli::arguments& a) {
        return load_directory_or_throw(a.dir.value_or("migrations"));
    });
}

}  // namespace retort
