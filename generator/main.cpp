// retort_generator: reads a directory of revision files and writes the baked C++ table.
// Exit status: 0 written (or unchanged), 1 invalid revision files, 2 wrong arguments or I/O failure.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "emit_cpp.hpp"
#include "retort/directory.hpp"

namespace {

constexpr std::string_view usage =
    "usage: retort_generator --dir DIR --label LABEL --name NAME --namespace NS --version-table TABLE\n"
    "                        --header-include PATH --source OUT.cpp --header OUT.hpp --main OUT_main.cpp\n";

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
    {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream old;
            old << in.rdbuf();
            if (old.str() == content) return;
        }
    }
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
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
    for (const auto& d : diags.all()) std::cerr << retort::format_diagnostic(d) << '\n';
    if (diags.has_errors()) {
        std::cerr << fmt::format("retort_generator: the migrations in {} have errors; nothing was generated\n",
                                 args["dir"]);
        return 1;
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
