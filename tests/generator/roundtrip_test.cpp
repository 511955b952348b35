// Checks that the table the generator baked from tests/data/good_dir holds exactly what load_directory()
// reads from that directory: order, every field, statements, lines, checksums and the fingerprint; the
// lock file as it was at build time; and the seeds of tests/data/good_seeds as load() reads them.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "directory/directory.hpp"
#include "good/revisions.hpp"
#include "retort/baked_table.hpp"
#include "retort/catalog.hpp"
#include "retort/integrity.hpp"

namespace {

int failures = 0;

template <typename A, typename B>
void check_equal(const A& baked, const B& parsed, const std::string& what) {
    if (baked == parsed) return;
    ++failures;
    std::fprintf(stderr, "FAIL: %s: baked and parsed differ\n", what.c_str());
}

void check_section(const retort::section& baked, const retort::section& parsed, const std::string& what) {
    check_equal(baked.sql, parsed.sql, what + ".sql");
    check_equal(baked.first_line, parsed.first_line, what + ".first_line");
    check_equal(baked.sum.hex(), parsed.sum.hex(), what + ".sum");
    check_equal(baked.statements.size(), parsed.statements.size(), what + ".statements.size()");
    for (std::size_t i = 0; i < baked.statements.size() && i < parsed.statements.size(); ++i)
        check_equal(baked.statements[i], parsed.statements[i], fmt::format("{}.statements[{}]", what, i));
}

void check_seeds(const std::vector<retort::seed>& baked, const std::vector<retort::seed>& parsed) {
    check_equal(baked.size(), parsed.size(), "number of seeds");
    if (baked.size() != 3) {
        ++failures;
        std::fprintf(stderr, "FAIL: expected the 3 seeds of good_seeds, got %zu\n", baked.size());
    }
    for (std::size_t i = 0; i < baked.size() && i < parsed.size(); ++i) {
        const auto& b = baked[i];
        const auto& p = parsed[i];
        const std::string at = fmt::format("seed {} ({})", i, p.name);
        check_equal(b.name, p.name, at + ".name");
        check_equal(b.file, p.file, at + ".file");
        check_equal(b.message, p.message, at + ".message");
        check_equal(b.required, p.required, at + ".required");
        check_equal(b.requires_line, p.requires_line, at + ".requires_line");
        check_section(b.body, p.body, at + ".body");
    }
}

}  // namespace

int main() {
    try {
        retort::catalog_source source = retort::directory_source(RETORT_GOOD_DIR, "tests/data/good_dir");
        source.seeds = RETORT_GOOD_SEEDS;
        source.seeds_label = "tests/data/good_seeds";
        retort::catalog dir = retort::load_or_throw(source);
        const retort::baked::table& table = retort_tests::good::revisions();
        const std::vector<retort::revision> baked = retort::baked::to_revisions(table);
        const std::vector<retort::revision>& parsed = dir.revisions.revisions();

        check_equal(table.format, retort::baked::format_version, "table.format");
        check_equal(retort::baked::view(table, table.name), std::string_view("good"), "table.name");
        check_equal(retort::baked::view(table, table.version_table), std::string_view("alembic_version"),
                    "table.version_table");
        check_equal(std::string(retort::baked::view(table, table.fingerprint)), dir.fingerprint, "table.fingerprint");
        check_equal(std::string(retort::baked::view(table, table.all_applied)),
                    retort::applied_fingerprint(dir.revisions, std::vector<bool>(dir.revisions.size(), true)),
                    "table.all_applied");
        check_equal(baked.size(), parsed.size(), "number of revisions");
        if (baked.size() != 6) {
            ++failures;
            std::fprintf(stderr, "FAIL: expected the 6 revisions of good_dir, got %zu\n", baked.size());
        }
        for (std::size_t i = 0; i < baked.size() && i < parsed.size(); ++i) {
            const auto& b = baked[i];
            const auto& p = parsed[i];
            const std::string at = fmt::format("revision {} ({})", i, p.id);
            check_equal(b.id, p.id, at + ".id");
            check_equal(b.message, p.message, at + ".message");
            check_equal(b.file, p.file, at + ".file");
            check_equal(b.create_date, p.create_date, at + ".create_date");
            check_equal(b.parents, p.parents, at + ".parents");
            check_equal(b.depends_on, p.depends_on, at + ".depends_on");
            check_equal(b.branch_labels, p.branch_labels, at + ".branch_labels");
            check_equal(b.transactional, p.transactional, at + ".transactional");
            check_equal(b.lines.id, p.lines.id, at + ".lines.id");
            check_equal(b.lines.revises, p.lines.revises, at + ".lines.revises");
            check_equal(b.lines.depends_on, p.lines.depends_on, at + ".lines.depends_on");
            check_equal(b.lines.branch_labels, p.lines.branch_labels, at + ".lines.branch_labels");
            check_section(b.upgrade, p.upgrade, at + ".upgrade");
            check_equal(b.downgrade.has_value(), p.downgrade.has_value(), at + ".downgrade present");
            if (b.downgrade && p.downgrade) check_section(*b.downgrade, *p.downgrade, at + ".downgrade");
        }
        // The runtime re-validates a baked table; the generator's own output must pass.
        const retort::catalog loaded = retort::load_catalog(table);
        check_equal(loaded.revisions.size(), parsed.size(), "load_catalog size");
        check_equal(loaded.lock.text, retort::read_text_file(RETORT_GOOD_DIR "/retort.lock"), "the lock file's text");
        check_equal(loaded.lock.name, std::string("tests/data/good_dir/retort.lock"), "the lock file's label");
        check_seeds(retort::baked::to_seeds(table), dir.seeds);
        check_seeds(loaded.seeds, dir.seeds);
        check_equal(loaded.seeds_dir, std::string("tests/data/good_seeds"), "the seeds folder's label");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL: %s\n", e.what());
        return 1;
    }
    if (failures != 0) return 1;
    std::puts("PASS: the baked table equals the parsed directories");
    return 0;
}
