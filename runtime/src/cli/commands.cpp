// The commands: each reads its arguments, calls its function of the application layer and renders
// the outcome. Progress (a line per step or seed as it commits) is printed as it happens, in text only.
#include "cli/commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/progress.hpp"
#include "cli/settings.hpp"

namespace retort::cli {

namespace {

struct context {
    const catalog& c;
    const arguments& a;
    app::database_options db;
    std::unique_ptr<progress> shown;  // the step lines and long-step reports, in text output
};

bool streams(const arguments& a) { return a.format == output_format::text && !a.quiet; }

std::vector<std::string> targets_or(const arguments& a, std::string fallback) {
    if (!a.positional.empty()) return a.positional;
    return {std::move(fallback)};
}

// Prints a line per step as it commits, with its number and the time since the start, and reports a
// step that runs long (cli/progress.hpp).
void print_steps(context& x) {
    if (!streams(x.a)) return;
    x.shown = std::make_unique<progress>(x.c.revisions, std::cout, detect_terminal());
    x.db.migrate.on_step_start = [p = x.shown.get()](const step& s, std::size_t k, std::size_t n,
                                                     std::size_t together) { p->started(s, k, n, together); };
    x.db.migrate.on_step = [p = x.shown.get()](const step& s, double seconds) { p->committed(s, seconds); };
}

std::function<void(const seed_outcome&)> seed_printer(const context& x) {
    if (!streams(x.a)) return {};
    return [&c = x.c, verbose = x.a.verbose](const seed_outcome& o) {
        std::cout << seed_line(c, o, verbose) << std::flush;
    };
}

// A text script goes to stdout as it is written; JSON holds it in one field.
app::script_sink script_printer(const context& x) {
    if (x.a.format != output_format::text) return {};
    return [](std::string_view part) { std::cout << part; };
}

rendered run_upgrade(context& x) {
    if (x.a.sql)
        return render(app::migration_script(x.c, x.db.migrate, targets_or(x.a, "head"), direction::up,
                                            x.db.retort_version, script_printer(x)),
                      x.a);
    print_steps(x);
    return render(x.c, app::upgrade(x.c, x.db, targets_or(x.a, "head")), x.a);
}

rendered run_downgrade(context& x) {
    if (x.a.sql)
        return render(app::migration_script(x.c, x.db.migrate, x.a.positional, direction::down, x.db.retort_version,
                                            script_printer(x)),
                      x.a);
    print_steps(x);
    return render(x.c, app::downgrade(x.c, x.db, x.a.positional), x.a);
}

rendered run_stamp(context& x) {
    if (x.a.positional.empty()) throw usage_error("stamp needs a revision, e.g. head or base");
    if (x.a.sql)
        return render(app::stamp_script(x.c, x.db.migrate, x.a.positional, x.a.purge, x.db.retort_version), x.a);
    return render(x.c, app::stamp(x.c, x.db, x.a.positional, x.a.purge), x.a);
}

rendered run_current(context& x) { return render(x.c, app::current(x.c, x.db), x.a); }
rendered run_history(context& x) { return render_history(x.c, app::history(x.c, x.db, x.a.range), x.a); }
rendered run_heads(context& x) { return render_heads(x.c, app::heads(x.c, x.a.resolve_dependencies), x.a); }
rendered run_branches(context& x) { return render_branches(x.c, app::branches(x.c), x.a); }

rendered run_show(context& x) {
    if (x.a.positional.size() != 1) throw usage_error("show takes one revision");
    return render_show(x.c, app::show(x.c, x.db, x.a.positional.front()), x.a);
}

rendered run_check(context& x) {
    if (int(x.a.offline) + int(x.a.declared.has_value()) + int(x.a.drift) > 1)
        throw usage_error("check takes one of --offline, --declared PATH and --drift");
    if (x.a.declared) return render(app::check_declared(x.c, *x.a.declared, x.a.head, dev_database_of(x.a)), x.a);
    if (x.a.drift) return render(x.c, app::check_drift(x.c, x.db, dev_database_of(x.a)), x.a);
    if (!x.a.offline) return render(x.c, app::check(x.c, x.db), x.a);
    const lock_policy policy{true, x.a.strict, !x.a.allow_multiple_heads};
    return render(x.c, app::check_offline(x.c, policy), x.a);
}

rendered run_accept_edit(context& x) {
    if (x.a.positional.size() != 1) throw usage_error("accept-edit takes one revision: accept-edit REV --reason TEXT");
    if (!x.a.reason || x.a.reason->empty())
        throw usage_error("accept-edit needs --reason TEXT: why the applied revision was edited (written to the log)");
    return render(app::accept_edit(x.c, x.db, x.a.positional.front(), *x.a.reason), x.a);
}

rendered run_lock(context& x) { return render(x.c, app::lock(x.c, x.a.relock), x.a); }

app::revision_request revision_request_of(const arguments& a) {
    app::revision_request r;
    if (a.directory_tool) r.dir = a.dir.value_or("migrations");
    r.message = a.message;
    r.head = a.head;
    r.rev_id = a.rev_id;
    r.splice = a.splice;
    r.branch_labels = a.branch_labels;
    r.depends_on = a.depends_on;
    r.transactional = a.transactional.value_or(true);
    return r;
}

rendered run_revision(context& x) {
    if (!x.a.positional.empty()) throw usage_error("revision takes no arguments; the message goes with -m");
    if (!x.a.autogenerate) {
        if (x.a.declared) throw usage_error("--declared goes with --autogenerate (or with check)");
        return render(app::new_revision(x.c, revision_request_of(x.a)), x.a);
    }
    if (!x.a.declared)
        throw usage_error(
            "revision --autogenerate needs --declared PATH: the .sql file or directory of the schema you want");
    if (x.a.transactional == false)
        throw usage_error(
            "revision --autogenerate decides transactions itself: index builds on existing tables go to "
            "a second revision with Transactional: false");
    app::autogenerate_request r{revision_request_of(x.a), *x.a.declared, dev_database_of(x.a), x.a.unverified,
                                x.a.renames};
    return render(app::autogenerate(x.c, r), x.a);
}

rendered run_merge(context& x) { return render(app::merge(x.c, revision_request_of(x.a), x.a.positional), x.a); }

rendered run_reset(context& x) {
    if (!x.a.positional.empty())
        throw usage_error("reset takes no revision: it always goes back to base and up to head");
    app::reset_request r{x.a.yes, x.a.drop_schema, {}, {}, seed_printer(x)};
    if (streams(x.a)) {
        print_steps(x);
        r.on_dropped = [](const std::string& schema) {
            std::cout << fmt::format("Dropped and recreated schema {}.\n", schema) << std::flush;
        };
        r.on_migrated = [&c = x.c](const app::migration_outcome& o) { std::cout << phase_line(c, o) << std::flush; };
    }
    return render(x.c, app::reset(x.c, x.db, r), x.a);
}

rendered run_seed(context& x) {
    app::require_seeds(x.c);
    // Refused rather than ignored: whoever asks for a script does not expect the database to change.
    if (x.a.sql) throw usage_error("seed has no --sql: seeds run against the database only (see docs/seeds.md)");
    return render(x.c, app::seed(x.c, x.db, seed_printer(x)), x.a);
}

rendered run_lint(context& x) {
    if (!x.a.positional.empty()) throw usage_error("lint takes no arguments; --all lints the locked revisions too");
    return render(app::lint(x.c, {x.a.all, x.a.lint_rules}), x.a);
}

rendered run_roundtrip(context& x) {
    if (!x.a.positional.empty()) throw usage_error("roundtrip takes no revision: it always goes from base to head");
    if (x.a.sql) throw usage_error("roundtrip has no --sql: it runs on a scratch database of its own");
    app::roundtrip_request r{test_server_url(), x.a.require_downgrade, {}, seed_printer(x)};
    if (streams(x.a)) {
        print_steps(x);
        r.on_phase = [](std::string_view phase, std::size_t k, std::size_t n) {
            std::cout << roundtrip_phase_line(phase, k, n) << std::flush;
        };
    }
    return render(x.c, app::roundtrip(x.c, x.db, r), x.a);
}

struct command_entry {
    std::string_view name;
    rendered (*run)(context&);
};

// Every command that runs on a loaded catalog; arguments.cpp holds their help.
constexpr command_entry command_table[] = {
    {"upgrade", run_upgrade},     {"downgrade", run_downgrade},
    {"stamp", run_stamp},         {"current", run_current},
    {"history", run_history},     {"heads", run_heads},
    {"branches", run_branches},   {"show", run_show},
    {"check", run_check},         {"accept-edit", run_accept_edit},
    {"lock", run_lock},           {"revision", run_revision},
    {"merge", run_merge},         {"reset", run_reset},
    {"seed", run_seed},           {"lint", run_lint},
    {"roundtrip", run_roundtrip},
};

// Runs `entry`; when nothing names a database and none answered, the error says how to name one (the
// round trip uses a scratch database of its own: its failures are not about these settings).
rendered run_entry(const command_entry& entry, context& x) {
    try {
        return entry.run(x);
    } catch (const connection_error& e) {
        if (x.a.command == "roundtrip" || connection_configured(x.a)) throw;
        throw connection_error(std::string(e.what()).append(no_connection_hint()), e.info());
    }
}

}  // namespace

rendered run_command(const catalog& c, const arguments& a, const interrupt_source* interrupt) {
    context x{c, a, database_options_of(a, c.name, interrupt), nullptr};
    for (const auto& entry : command_table)
        if (entry.name == a.command) return run_entry(entry, x);
    throw usage_error(fmt::format("unknown command '{}'; run with --help for the list", a.command));
}

}  // namespace retort::cli
