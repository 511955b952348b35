// The migration CLI: parses arguments, loads the revisions, runs one command, prints its outcome and
// returns its exit code.
#include "cli/cli.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/settings.hpp"
#include "cli/signal_watcher.hpp"
#include "retort/cli.hpp"

namespace retort::cli {

namespace {

std::string program_name(int argc, char** argv) {
    std::string program = argc > 0 ? std::string(argv[0]) : "retort";
    if (auto slash = program.rfind('/'); slash != std::string::npos) program.erase(0, slash + 1);
    return program;
}

// Prints `r` as text or as one JSON object, and returns the exit code of its status.
int print(const rendered& r, bool json, std::string_view command, std::string_view program) {
    const retort::status s = r.error ? status_of(r.error) : r.result;
    if (json) {
        json_fields fields{{"command", command.empty() ? "null" : json_string(command)},
                           {"status", json_string(name_of(s))},
                           {"exit_code", std::to_string(exit_code_of(s))}};
        fields.insert(fields.end(), r.fields.begin(), r.fields.end());
        if (r.error) fields.emplace_back("error", error_json(r.error));
        std::cout << json_object(fields) << '\n';
    } else {
        std::cout << r.out << std::flush;
        std::cerr << r.err;
        if (r.error) std::cerr << error_text(r.error, program);
    }
    return exit_code_of(s);
}

rendered version_of(const catalog& c, bool json) {
    rendered r;
    if (json)
        r.fields = {{"version", json_string(RETORT_VERSION)},
                    {"name", json_string(c.name)},
                    {"revisions", std::to_string(c.revisions.size())},
                    {"fingerprint", json_string(c.fingerprint)}};
    else
        r.out = fmt::format("retort {} ({}: {} revisions, fingerprint {})\n", RETORT_VERSION, c.name,
                            c.revisions.size(), c.fingerprint);
    return r;
}

// The commands that change a database: an interrupt must cancel their statement on the server and let
// them roll back, instead of ending the process while the server carries on.
bool changes_database(const arguments& a) {
    if (a.sql) return false;
    for (std::string_view command : {"upgrade", "downgrade", "stamp", "seed", "reset", "accept-edit"})
        if (a.command == command) return true;
    return false;
}

// Ends the process without freeing the catalog: with 10,000 revisions its destructor is a sixth of a
// no-op start-up's instructions, and the system frees it anyway. Everything else is closed by then (the
// database session ends inside run_command). Under LeakSanitizer the process ends normally, so that
// leaks stay visible.
void end_process(int code) {
#if !defined(__SANITIZE_ADDRESS__)
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#else
    (void)code;
#endif
}

}  // namespace

int run(int argc, char** argv, const baked::table* table, when_done done) {
    const std::string program = program_name(argc, argv);
    bool json = asks_for_json(argc, argv);
    std::string command = command_in(argc, argv, table == nullptr);
    try {
        arguments a = parse_arguments(argc, argv, table == nullptr);
        json = a.format == output_format::json;
        command = a.help ? "help" : a.version ? "version" : a.command;
        if (a.help) {
            rendered r;
            std::string text = help_text(program, a.command, table == nullptr);
            if (json)
                r.fields = {{"help", json_string(text)}};
            else
                r.out = std::move(text);
            return print(r, json, command, program);
        }
        catalog c = load_or_throw(source_of(a, table));
        // Revision files read at run time get the build's parse check: a syntax error stops here, at
        // file:line:column, before any statement reaches a database. lint reports them itself.
        if (table == nullptr && a.command != "lint") {
            if (!a.no_parse_check)
                app::require_parsed(c);
            else if (!a.quiet)
                std::cerr << program
                          << ": warning: --no-parse-check: no statement was checked by PostgreSQL's parser\n";
        }
        if (a.version) return print(version_of(c, json), json, command, program);
        std::optional<signal_watcher> watcher;
        if (changes_database(a)) watcher.emplace();
        const int code = print(run_command(c, a, watcher ? &*watcher : nullptr), json, command, program);
        if (done == when_done::end_process) end_process(code);
        return code;
    } catch (...) {
        rendered r;
        r.error = std::current_exception();
        return print(r, json, command, program);
    }
}

}  // namespace retort::cli

namespace retort {

int run_baked_cli(const baked::table& table, int argc, char** argv) { return cli::run(argc, argv, &table); }

int run_baked_main(const baked::table& table, int argc, char** argv) {
    return cli::run(argc, argv, &table, cli::when_done::end_process);
}

int run_directory_cli(int argc, char** argv) { return cli::run(argc, argv, nullptr, cli::when_done::end_process); }

}  // namespace retort
