// retort_generator: reads a directory of revision files (its lock file, and a directory of seed files)
// and writes the baked C++ table. Exit status, as `retort --dir DIR check --offline` gives for the same
// directory: 0 written (or unchanged); 3 invalid revision or seed files (a SQL syntax error included) or an
// invalid lock file; 8 a locked revision was edited or deleted; 11 a lint error (docs/lint.md). 2 wrong
// arguments or I/O failure.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "emit_cpp.hpp"
#include "sql_checks.hpp"
#include "retort/cli.hpp"
#include "retort/directory.hpp"
#include "retort/lockfile.hpp"

namespace {

using retort::exit_edited;
using retort::exit_invalid_input;

constexpr std::string_view usage =
    "usage: retort_generator --dir DIR --label LABEL --name NAME --namespace NS --version-table TABLE\n"
    "                        --header-include PATH --source OUT.cpp --header OUT.hpp --main OUT_main.cpp\n"
    "                        [--lockfile FILE [--lockfile-label LABEL]] [--seeds DIR [--seeds-label LABEL]]\n"
    "                        [--lint off|warning|error] [--lint-rules RULE=LEVEL,...]\n";

std::map<std::string, std::string> parse_arguments(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string key = argv[i];
        if (!key.starts_with("--") || i + 1 >= argc) throw std::invalid_argument("unexpected argument '" + key + "'");
        args[key.substr(2)] = argv[++i];
    }
    for (auto required : {"dir", "label", "name", "namespace", "version-table", "header-include", "source", "header",
                          "main"})
        if (!args.contains(required)) throw std::invalid_argument(fmt::format("missing --{}", required));
    return args;
}

// Writes only when the content differs, so an unchanged table does not trigger a recompile.
void write_if_changed(const std::filesystem::path& path, const std::string& content) {
    if (retort::read_text_file(path) != content) retort::write_text_file(path, content);
}

// A lock file that exists is compared with the revisions: only an edited or deleted locked revision (or
// a malformed lock file) fails the build; new revisions and several heads are normal while working.
// The text is kept in the catalog, to be baked, named by its label. Returns the exit status.
int check_lock(retort::catalog& c, const std::map<std::string, std::string>& args, retort::diagnostics& diags) {
    auto path = args.find("lockfile");
    if (path == args.end()) return 0;
    auto text = retort::read_lock_file(path->second);
    if (!text) return 0;
    auto entries = retort::parse_lock(path->second, *text, diags);
    if (diags.has_errors()) return exit_invalid_input;
    auto comparison = retort::compare_lock(c.revisions, entries);
    retort::lock_diagnostics(c.revisions, comparison, path->second, retort::build_lock_policy, diags);
    if (retort::verdict(comparison, retort::build_lock_policy) != retort::lock_verdict::clean) return exit_edited;
    auto label = args.find("lockfile-label");
    c.lock_file = label == args.end() ? path->second : label->second;
    c.lock_text = std::move(*text);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    try {
        args = parse_arguments(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "retort_generator: " << e.what() << '\n' << usage;
        return 2;
    }
    // Read under the directory's path so that every file a diagnostic names opens from the build log;
    // the emitted table names files by label instead (no absolute paths in generated code).
    retort::diagnostics diags;
    retort::catalog c = retort::load_directory(args["dir"], diags);
    bool seed_errors = false;
    if (!diags.has_errors() && args.contains("seeds")) {
        retort::load_seeds(c, args["seeds"], diags);
        seed_errors = diags.has_errors();
        if (auto label = args.find("seeds-label"); label != args.end()) c.seeds_dir = label->second;
    }
    int status = diags.has_errors() ? exit_invalid_input : 0;
    try {
        if (status == 0) status = check_lock(c, args, diags);
    } catch (const std::exception& e) {
        std::cerr << "retort_generator: " << e.what() << '\n';
        return 2;
    }
    for (const auto& d : diags.all()) std::cerr << retort::format_diagnostic(d) << '\n';
    if (status == 0) status = retort::generator::check_sql(c, args, std::cerr);
    if (status != 0) {
        std::cerr << fmt::format("retort_generator: the {} in {} have errors; nothing was generated\n",
                                 seed_errors ? "seeds" : "migrations", seed_errors ? args["seeds"] : args["dir"]);
        return status;
    }
    retort::generator::emit_options options{args["name"], args["namespace"], args["version-table"],
                                            args["header-include"], args["label"]};
    c.version_table = options.version_table;
    try {
        write_if_changed(args["header"], retort::generator::emit_header(options));
        write_if_changed(args["source"], retort::generator::emit_source(c, options));
        write_if_changed(args["main"], retort::generator::emit_main(options));
    } catch (const std::exception& e) {
        std::cerr << "retort_generator: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
