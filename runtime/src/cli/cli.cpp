// The migration CLI: parses arguments, loads the revisions, runs one command, maps errors to exit codes.
#include "retort/cli.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "retort/catalog.hpp"
#include "retort/directory.hpp"
#include "retort/driver.hpp"
#include "retort/lockfile.hpp"
#include "retort/migrator.hpp"

namespace retort {

namespace {

using catalog_source = std::function<catalog(const cli::arguments&)>;
using command_function = int (*)(const catalog&, const cli::arguments&);

struct command_entry {
    std::string_view name;
    command_function run;
};

// Every command that runs on a loaded catalog; arguments.cpp holds their help.
constexpr command_entry command_table[] = {
    {"upgrade", cli::run_upgrade},   {"downgrade", cli::run_downgrade}, {"stamp", cli::run_stamp},
    {"current", cli::run_current},   {"history", cli::run_history},     {"heads", cli::run_heads},
    {"branches", cli::run_branches}, {"show", cli::run_show},           {"check", cli::run_check},
    {"accept-edit", cli::run_accept_edit},
    {"lock", cli::run_lock},
    {"revision", cli::run_revision},
    {"merge", cli::run_merge},
    {"reset", cli::run_reset},
    {"seed", cli::run_seed},
};

int dispatch(const catalog& c, const cli::arguments& a) {
    for (const auto& entry : command_table)
        if (entry.name == a.command) return entry.run(c, a);
    throw usage_error(fmt::format("unknown command '{}'; run with --help for the list", a.command));
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
    } catch (const integrity_error& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return e.report().unknown.empty() ? exit_edited : exit_unknown;
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
        std::filesystem::path dir = a.dir.value_or("migrations");
        // The first revision of a project creates its directory.
        if (a.command == "revision" && !std::filesystem::exists(dir)) std::filesystem::create_directories(dir);
        catalog c = load_directory_or_throw(dir);
        c.lock_file = (dir / default_lockfile_name).string();
        if (a.seeds) load_seeds_or_throw(c, *a.seeds);
        return c;
    });
}

}  // namespace retort
