// Every corpus under CORPUS_ROOT (one folder of revision files each) through the parse checks and the
// linter, every revision linted:  retort_sql_corpus_test CORPUS_ROOT
//
// Fails on any split mismatch, and on any syntax error outside the sections the corpus's README names as
// needing a PostgreSQL newer than the parser's (listed below per corpus; a section listed there that
// parses fails the test too, so the list stays exact). Prints the number of findings per rule, which
// docs/lint.md records. Exits 77 (CTest's SKIP_RETURN_CODE) when there is no corpus.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "directory/directory.hpp"
#include "sql/check.hpp"

namespace {

namespace fs = std::filesystem;

// Files (by their number) with a statement that PostgreSQL 15's grammar rejects, from each corpus's README:
// Lemmy's 0248 upgrade (a subquery without an alias, PostgreSQL 16) and the downgrades that write
// `ADD CONSTRAINT name NOT NULL column` (PostgreSQL 18). 0244's downgrade fails on PostgreSQL 15 too, but
// at run time (it renames a constraint that only PostgreSQL 18 creates), not in the grammar.
const std::map<std::string, std::set<std::string>> newer_grammar{
    {"lemmy", {"0213", "0248", "0266", "0273", "0274", "0277", "0282", "0284", "0292", "0294", "0311"}}};

int check_corpus(const fs::path& dir) {
    const std::string name = dir.filename().string();
    retort::diagnostics diags;
    auto c = retort::load(retort::directory_source(dir, name), diags);
    if (diags.has_errors()) {
        fmt::print("{}: FAIL: the corpus does not load\n", name);
        return 1;
    }
    retort::sql::check_options options;
    options.rules = retort::sql::parse_rule_settings("not-parsed=info");
    const auto report = retort::sql::check_catalog(c, {}, options);
    std::map<std::string, std::size_t> counts;
    std::set<std::string> failing;
    int status = 0;
    for (const auto& f : report.findings) {
        ++counts[f.rule];
        const std::string number = fs::path(f.file).filename().string().substr(0, 4);
        if (f.rule == "syntax-error") failing.insert(number);
        const auto expected = newer_grammar.find(name);
        const bool known = expected != newer_grammar.end() && expected->second.contains(number);
        if (f.rule == "split-mismatch" || (f.rule == "syntax-error" && !known)) {
            fmt::print("{}: FAIL: {}:{}:{}: {}\n", name, f.file, f.line, f.column, f.message);
            status = 1;
        }
    }
    if (auto expected = newer_grammar.find(name); expected != newer_grammar.end()) {
        for (const auto& number : expected->second) {
            if (failing.contains(number)) continue;
            fmt::print("{}: FAIL: {} is listed as needing a newer grammar but parses\n", name, number);
            status = 1;
        }
    }
    fmt::print("{}: {} revisions, {} statements parsed, {} files with newer grammar, {} revisions linted\n", name,
               c.revisions.size(), report.parsed_statements, failing.size(), report.linted_revisions);
    for (const auto& [rule, count] : counts) fmt::print("{}:   {:>5} {}\n", name, count, rule);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        fmt::print(stderr, "usage: retort_sql_corpus_test CORPUS_ROOT\n");
        return 2;
    }
    std::error_code ec;
    std::set<fs::path> corpora;
    for (const auto& entry : fs::directory_iterator(argv[1], ec)) {
        if (!entry.is_directory()) continue;
        for (const auto& file : fs::directory_iterator(entry.path()))
            if (file.path().extension() == ".sql") {
                corpora.insert(entry.path());
                break;
            }
    }
    if (corpora.empty()) {
        fmt::print("SKIP: no corpus under {}\n", argv[1]);
        return 77;
    }
    int status = 0;
    for (const auto& dir : corpora) status |= check_corpus(dir);
    return status;
}
