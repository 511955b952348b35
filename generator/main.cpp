// retort_generator: reads a directory of revision files (its lock file, and a directory of seed files)
// and writes the baked C++ table. Exit status from the table of runtime/src/core/status.hpp, as `retort
// --dir DIR check --offline` gives it for the same directory: 0 written (or unchanged); 3 invalid
// revision or seed files (a SQL syntax error included) or an invalid lock file; 8 a locked revision was
// edited or deleted; 11 a lint error (docs/lint.md); 2 wrong arguments; 1 a file that cannot be read or
// written.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "core/lockfile.hpp"
#include "core/status.hpp"
#include "directory/directory.hpp"
#include "emit_cpp.hpp"
#include "sql_checks.hpp"

namespace {

using arguments = std::map<std::string, std::string>;

constexpr std::string_view usage =
    "usage: retort_generator --dir DIR --label LABEL --name NAME --namespace NS --version-table TABLE\n"
    "                        --header-include PATH --source OUT.cpp --header OUT.hpp --main OUT_main.cpp\n"
    "                        [--lockfile FILE [--lockfile-label LABEL]] [--seeds DIR [--seeds-label LABEL]]\n"
    "                        [--lint off|warning|error] [--lint-rules RULE=LEVEL,...]\n";

arguments parse_arguments(int argc, char** argv) {
    arguments args;
    for (int i = 1; i < argc; ++i) {
        std::string key = argv[i];
        if (!key.starts_with("--") || i + 1 >= argc) throw std::invalid_argument("unexpected argument '" + key + "'");
        args[key.substr(2)] = argv[++i];
    }
    for (auto required :
         {"dir", "label", "name", "namespace", "version-table", "header-include", "source", "header", "main"})
        if (!args.contains(required)) throw std::invalid_argument(fmt::format("missing --{}", required));
    return args;
}

std::string value_or(const arguments& args, const std::string& key, std::string fallback) {
    auto it = args.find(key);
    return it == args.end() ? std::move(fallback) : it->second;
}

// Files are read under the paths given, so that every file a diagnostic names opens from the build log;
// the emitted table names them by label instead (no absolute paths in generated code).
retort::catalog_source source_of(const arguments& args) {
    retort::catalog_source source = retort::directory_source(args.at("dir"));
    if (args.contains("seeds")) source.seeds = args.at("seeds");
    if (args.contains("lockfile")) source.lock_file = args.at("lockfile");
    source.read_lock = source.lock_file.has_value();
    source.version_table = args.at("version-table");
    return source;
}

// Writes only when the content differs, so an unchanged table does not trigger a recompile.
void write_if_changed(const std::filesystem::path& path, const std::string& content) {
    if (retort::read_text_file(path) != content) retort::write_text_file(path, content);
}

void emit(const retort::catalog& c, const arguments& args) {
    retort::generator::emit_options options{args.at("name"),
                                            args.at("namespace"),
                                            args.at("header-include"),
                                            args.at("label"),
                                            value_or(args, "seeds-label", c.seeds_dir),
                                            c.lock.text ? value_or(args, "lockfile-label", c.lock.name) : ""};
    write_if_changed(args.at("header"), retort::generator::emit_header(options));
    write_if_changed(args.at("source"), retort::generator::emit_source(c, options));
    write_if_changed(args.at("main"), retort::generator::emit_main(options));
}

// The migrations (and seeds) checked as every command checks them, then the lock file as the build
// checks it: only an edited or deleted locked revision (or a malformed lock file) fails the build; new
// revisions and several heads are normal while working.
retort::status check(const arguments& args, const retort::catalog& c, const retort::diagnostics& load_diags) {
    for (const auto& d : load_diags.all()) std::cerr << retort::format_diagnostic(d) << '\n';
    if (load_diags.has_errors()) {
        const bool seeds = !c.seeds_dir.empty();
        std::cerr << fmt::format("retort_generator: the {} in {} have errors; nothing was generated\n",
                                 seeds ? "seeds" : "migrations", seeds ? args.at("seeds") : args.at("dir"));
        return retort::status::invalid_input;
    }
    auto lock = retort::check_lock(c.revisions, c.lock.name, c.lock.text, retort::build_lock_policy);
    for (const auto& d : lock.diags.all()) std::cerr << retort::format_diagnostic(d) << '\n';
    if (!lock.malformed && lock.verdict == retort::lock_verdict::clean) return retort::status::ok;
    std::cerr << fmt::format("retort_generator: the migrations in {} have errors; nothing was generated\n",
                             args.at("dir"));
    return lock.malformed ? retort::status::invalid_input : retort::status::edited;
}

int run(const arguments& args) {
    retort::diagnostics diags;
    retort::catalog c = retort::load(source_of(args), diags);
    retort::status s = check(args, c, diags);
    if (s == retort::status::ok) s = retort::generator::check_sql(c, args, std::cerr);
    if (s == retort::status::ok) emit(c, args);
    return retort::exit_code_of(s);
}

}  // namespace

int main(int argc, char** argv) {
    arguments args;
    try {
        args = parse_arguments(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "retort_generator: " << e.what() << '\n' << usage;
        return retort::exit_code_of(retort::status::usage);
    }
    try {
        return run(args);
    } catch (const std::exception& e) {
        std::cerr << "retort_generator: " << e.what() << '\n';
        return retort::exit_code_of(retort::status::error);
    }
}
