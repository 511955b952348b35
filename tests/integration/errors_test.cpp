// Every row of docs/errors.md: each case is named after its row, gives the `retort --dir` tool the row's
// input and checks the printed message and the exit status against the row, which it reads from the
// document. The last suite checks that every row has its case and every case its row.
#define BOOST_TEST_MODULE errors_tests
#include <algorithm>
#include <boost/test/tree/traverse.hpp>
#include <boost/test/tree/visitor.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "error_table.hpp"
#include "tcp_cluster.hpp"
#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

const std::vector<error_row>& table() {
    static const std::vector<error_row> rows = read_error_table(RETORT_ERRORS_DOC);
    return rows;
}

std::string current_test_case() { return boost::unit_test::framework::current_test_case().p_name; }

// The row named after the running test case: its exit status, and its message with `values` for the
// placeholders, against what the tool printed on one stream.
void check_row(const std::string& printed, int status, const placeholder_values& values) {
    const std::string name = current_test_case();
    const auto& rows = table();
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const error_row& r) { return r.test_case == name; });
    BOOST_TEST_REQUIRE((row != rows.end()), "docs/errors.md has no row for " << name);
    std::string text = printed;
    if (text.ends_with('\n')) text.pop_back();
    BOOST_TEST(status == row->exit_status, "exit " << status << ", the table says " << row->exit_status);
    BOOST_TEST(matches_message(row->message, text, values), "printed:\n"
                                                                << text << "\ndocs/errors.md:\n"
                                                                << row->message);
}

void check_stderr(const result& r, const placeholder_values& values = {}) { check_row(r.err, r.status, values); }
void check_stdout(const result& r, const placeholder_values& values = {}) { check_row(r.out, r.status, values); }

std::string env(const char* name) {
    const char* value = std::getenv(name);
    BOOST_REQUIRE(value != nullptr);
    return value;
}

// A revision directory and the tool, without a database: inputs rejected before connecting.
struct offline {
    temp_dir tmp{"errors"};
    fs::path dir = tmp.path / "migrations";

    offline() { fs::create_directory(dir); }

    result retort(const strings& args) const {
        strings argv{RETORT_TOOL, "--dir", dir.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return finish(
            spawn(tmp.path, argv, {{"PGHOST", "/nonexistent/retort-no-server"}, {"DATABASE_URL", std::nullopt}}));
    }
    std::string file(const std::string& name) const { return (dir / name).string(); }
    // tests/data/invalid/<name> as the only file of the directory; returns its path.
    std::string only(const std::string& name) {
        fs::remove_all(dir);
        fs::create_directory(dir);
        fs::copy_file(fs::path(RETORT_TEST_DATA) / "invalid" / name, dir / name);
        return file(name);
    }
};

// A revision whose upgrade is `sql` as the only file; returns the file.
std::string only_revision(offline& o, const std::string& sql) {
    write_revision(o.dir, "1_aaa111.sql", "aaa111", {}, sql, std::nullopt);
    return o.file("1_aaa111.sql");
}

// r0 <- a1, r0 <- b1: two heads.
void two_heads(const fs::path& dir) {
    write_table_revision(dir, "1_r0.sql", "r0", {});
    write_table_revision(dir, "2_a1.sql", "a1", {"r0"});
    write_table_revision(dir, "3_b1.sql", "b1", {"r0"});
}

// Replaces the file of revision `id` (written by chain()) with one whose upgrade differs.
void edit_upgrade(tool_fixture& f, const std::string& id, const strings& parents) {
    write_revision(f.dir, std::to_string(parents.size() + 1) + "_" + id + ".sql", id, parents,
                   "CREATE TABLE t_" + id + " (id int, x int);", "DROP TABLE t_" + id + ";");
}

// aaa111, then bbb222 (non-transactional) whose second statement fails; returns that statement's line.
std::uint32_t failing_non_transactional(tool_fixture& f) {
    write_table_revision(f.dir, "1_aaa111.sql", "aaa111", {});
    const auto first = write_revision(f.dir, "2_bbb222.sql", "bbb222", {"aaa111"},
                                      "CREATE INDEX CONCURRENTLY a_idx ON t_aaa111 (id);\n"
                                      "CREATE INDEX CONCURRENTLY m_idx ON missing (id);",
                                      std::nullopt, {"Transactional: false"});
    return first + 1;
}

std::string lock_file(const offline& o) { return o.file("retort.lock"); }

strings lines_of(const std::string& text) {
    strings out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

void write_lines(const fs::path& path, const strings& lines) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& line : lines) out << line << '\n';
}

// aaa111 <- bbb222, both locked.
struct locked : offline {
    locked() {
        write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
        write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"});
        BOOST_REQUIRE_EQUAL(retort({"lock", "-q"}).status, 0);
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(command_line, offline)

BOOST_AUTO_TEST_CASE(unknown_command) { check_stderr(retort({"frobnicate"}), {{"command", "frobnicate"}}); }

BOOST_AUTO_TEST_CASE(unknown_option) { check_stderr(retort({"heads", "--frobnicate"}), {{"option", "--frobnicate"}}); }

BOOST_AUTO_TEST_CASE(no_command) { check_stderr(retort({})); }

BOOST_AUTO_TEST_CASE(option_without_value) { check_stderr(retort({"upgrade", "--schema"}), {{"option", "--schema"}}); }

BOOST_AUTO_TEST_CASE(bad_number_of_seconds) {
    check_stderr(retort({"upgrade", "--lock-timeout", "soon"}),
                 {{"option", "--lock-timeout"}, {"value", "soon"}, {"meaning", "do not wait"}});
    check_stderr(retort({"upgrade", "--pg-statement-timeout=-1"}),
                 {{"option", "--pg-statement-timeout"}, {"value", "-1"}, {"meaning", "no limit"}});
    check_stderr(retort({"upgrade", "--reply-timeout", "1e-9"}),
                 {{"option", "--reply-timeout"}, {"value", "1e-9"}, {"meaning", "no limit"}});
}

BOOST_AUTO_TEST_CASE(bad_whole_number) {
    check_stderr(retort({"heads", "--max-file-size", "0"}),
                 {{"option", "--max-file-size"}, {"low", "1"}, {"high", "4096"}, {"value", "0"}});
    check_stderr(retort({"upgrade", "--resume", "--from-statement", "x"}),
                 {{"option", "--from-statement"}, {"value", "x"}});
}

BOOST_AUTO_TEST_CASE(from_statement_without_resume) { check_stderr(retort({"upgrade", "--from-statement", "2"})); }

BOOST_AUTO_TEST_CASE(bad_output_format) { check_stderr(retort({"heads", "--format", "yaml"}), {{"value", "yaml"}}); }

BOOST_AUTO_TEST_CASE(sarif_outside_lint) { check_stderr(retort({"heads", "--format", "sarif"})); }

BOOST_AUTO_TEST_CASE(bad_edit_policy) {
    check_stderr(retort({"upgrade", "--on-edit", "ignore"}), {{"value", "ignore"}});
}

BOOST_AUTO_TEST_CASE(downgrade_without_target) { check_stderr(retort({"downgrade"})); }

BOOST_AUTO_TEST_CASE(downgrade_sql_without_range) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    check_stderr(retort({"downgrade", "base", "--sql"}));
}

BOOST_AUTO_TEST_CASE(stamp_without_revision) { check_stderr(retort({"stamp"})); }

BOOST_AUTO_TEST_CASE(show_without_one_revision) {
    check_stderr(retort({"show"}));
    check_stderr(retort({"show", "a", "b"}));
}

BOOST_AUTO_TEST_CASE(malformed_history_range) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    check_stderr(retort({"history", "-r", "abc"}), {{"range", "abc"}});
}

BOOST_AUTO_TEST_CASE(accept_edit_without_revision) {
    check_stderr(retort({"accept-edit", "--reason", "fixed by hand"}));
}

BOOST_AUTO_TEST_CASE(accept_edit_without_reason) { check_stderr(retort({"accept-edit", "aaa111"})); }

BOOST_AUTO_TEST_CASE(revision_without_message) { check_stderr(retort({"revision"})); }

BOOST_AUTO_TEST_CASE(message_of_several_lines) { check_stderr(retort({"revision", "-m", "a\nb"})); }

BOOST_AUTO_TEST_CASE(bad_transactional_option) {
    check_stderr(retort({"revision", "-m", "x", "--transactional", "maybe"}), {{"value", "maybe"}});
}

BOOST_AUTO_TEST_CASE(bad_branch_label_option) {
    check_stderr(retort({"revision", "-m", "x", "--branch-label", "a b"}), {{"label", "a b"}});
}

BOOST_AUTO_TEST_CASE(new_revision_with_several_heads) {
    two_heads(dir);
    check_stderr(retort({"revision", "-m", "x"}),
                 {{"count", "2"}, {"heads", "a1 (" + file("2_a1.sql") + "), b1 (" + file("3_b1.sql") + ")"}});
}

BOOST_AUTO_TEST_CASE(head_option_that_is_not_a_head) {
    two_heads(dir);
    check_stderr(retort({"revision", "-m", "x", "--head", "r0"}),
                 {{"id", "r0"}, {"heads", "a1 (" + file("2_a1.sql") + "), b1 (" + file("3_b1.sql") + ")"}});
}

BOOST_AUTO_TEST_CASE(merge_of_a_single_head) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    check_stderr(retort({"merge", "-m", "x"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(targets, tool_fixture)

BOOST_AUTO_TEST_CASE(unknown_revision) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", "zzz"}), {{"target", "zzz"}});
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(ambiguous_prefix) {
    chain({"abc001", "abc002"});
    check_stderr(retort({"upgrade", "abc"}), {{"target", "abc"}, {"count", "2"}, {"ids", "abc001, abc002"}});
    BOOST_TEST(!exists("t_abc001"));
}

BOOST_AUTO_TEST_CASE(head_with_several_heads) {
    two_heads(dir);
    check_stderr(retort({"upgrade"}), {{"count", "2"}, {"ids", "a1, b1"}});
    BOOST_TEST(!exists("t_r0"));
}

BOOST_AUTO_TEST_CASE(relative_target_beyond_the_graph) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", "+5"}), {{"target", "+5"}, {"count", "5"}});
}

BOOST_AUTO_TEST_CASE(relative_target_against_the_direction) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", "-1"}), {{"target", "-1"}});
}

BOOST_AUTO_TEST_CASE(relative_target_with_several_current_heads) {
    two_heads(dir);
    CHECK_EXIT(retort({"upgrade", "heads", "-q"}), 0);
    check_stderr(retort({"upgrade", "+1"}), {{"target", "+1"}, {"count", "2"}, {"ids", "a1, b1"}});
}

BOOST_AUTO_TEST_CASE(step_up_from_a_branch_point) {
    two_heads(dir);
    check_stderr(retort({"upgrade", "r0+1"}), {{"target", "r0+1"}, {"id", "r0"}, {"ids", "a1, b1"}});
}

BOOST_AUTO_TEST_CASE(unknown_branch_label) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", "nolabel@head"}), {{"target", "nolabel@head"}, {"label", "nolabel"}});
}

BOOST_AUTO_TEST_CASE(bad_branch_label_suffix) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", "aaa111@zzz"}), {{"target", "aaa111@zzz"}});
}

BOOST_AUTO_TEST_CASE(base_with_other_targets) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    check_stderr(retort({"downgrade", "base", "aaa111"}));
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(empty_target) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade", ""}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(revision_files, offline)

BOOST_AUTO_TEST_CASE(not_a_revision_file) {
    auto f = only("no_header.sql");
    check_stderr(retort({"heads"}), {{"file", f}});
    f = only("empty.sql");
    check_stderr(retort({"heads"}), {{"file", f}});
}

BOOST_AUTO_TEST_CASE(nul_byte) {
    const auto f = only_revision(*this, std::string("SELECT 'a") + '\0' + "b';");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}, {"column", "10"}});
}

BOOST_AUTO_TEST_CASE(invalid_utf8) {
    const auto f = only_revision(*this, "SELECT 'caf\xE9';");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}, {"byte", "E9"}, {"column", "12"}});
}

BOOST_AUTO_TEST_CASE(not_a_regular_file) {
    fs::create_directory(dir / "1_y.sql");
    check_stderr(retort({"heads"}), {{"file", file("1_y.sql")}, {"kind", "a directory"}});
    fs::remove(dir / "1_y.sql");
    fs::create_symlink("/dev/zero", dir / "1_zero.sql");
    check_stderr(retort({"heads"}), {{"file", file("1_zero.sql")}, {"kind", "a character device"}});
}

BOOST_AUTO_TEST_CASE(file_over_the_size_limit) {
    const auto f = only_revision(*this, "SELECT 1;\n-- " + std::string(std::size_t{1} << 20, 'x'));
    check_stderr(retort({"--max-file-size", "1", "heads"}), {{"file", f}, {"size", "1"}});
}

BOOST_AUTO_TEST_CASE(missing_revision_id) {
    const auto f = only("missing_revision_id.sql");
    check_stderr(retort({"heads"}), {{"file", f}});
}

BOOST_AUTO_TEST_CASE(missing_revises) {
    const auto f = only("missing_revises.sql");
    check_stderr(retort({"heads"}), {{"file", f}});
}

BOOST_AUTO_TEST_CASE(invalid_revision_id) {
    auto f = only("id_bad_character.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "2"}, {"id", "1a2b-3c4d"}});
    f = only("id_too_long.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "2"}, {"id", "0123456789abcdef0123456789abcdef0"}});
    f = only("id_reserved_word.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "2"}, {"id", "head"}});
}

BOOST_AUTO_TEST_CASE(invalid_revises_entry) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {"bbb222", ""}, "SELECT 1;", std::nullopt);
    check_stderr(retort({"heads"}), {{"file", file("1_aaa111.sql")}, {"line", "4"}, {"entry", ""}});
}

BOOST_AUTO_TEST_CASE(invalid_branch_label) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "SELECT 1;", std::nullopt, {"Branch Labels: head"});
    check_stderr(retort({"heads"}), {{"file", file("1_aaa111.sql")}, {"line", "5"}, {"entry", "head"}});
}

BOOST_AUTO_TEST_CASE(entry_listed_twice) {
    const auto f = only("duplicate_revises_entry.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "3"}, {"entry", "3c4d5e6f7a8b"}, {"key", "Revises"}});
}

BOOST_AUTO_TEST_CASE(unknown_header_key) {
    const auto f = only("unknown_key.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "4"}, {"key", "Author"}});
}

BOOST_AUTO_TEST_CASE(header_key_in_the_wrong_case) {
    const auto f = only("key_wrong_case.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "4"}, {"key", "Create date"}, {"known key", "Create Date"}});
}

BOOST_AUTO_TEST_CASE(repeated_header_key) {
    const auto f = only("repeated_key.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "4"}, {"key", "Revises"}, {"first line", "3"}});
}

BOOST_AUTO_TEST_CASE(header_line_without_colon) {
    const auto f = only("header_line_without_colon.sql");
    check_stderr(retort({"heads"}),
                 {{"file", f}, {"line", "4"}, {"text", "The customers table replaces the old accounts table."}});
}

BOOST_AUTO_TEST_CASE(bad_transactional_value) {
    const auto f = only("bad_transactional.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "4"}, {"value", "no"}});
}

BOOST_AUTO_TEST_CASE(missing_upgrade_marker) {
    const auto f = only("missing_upgrade.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"last line", "5"}});
}

BOOST_AUTO_TEST_CASE(downgrade_before_upgrade) {
    const auto f = only("downgrade_before_upgrade.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "5"}});
}

BOOST_AUTO_TEST_CASE(second_section_marker) {
    const auto f = only("repeated_upgrade.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "8"}, {"first line", "5"}});
}

BOOST_AUTO_TEST_CASE(unknown_section_marker) {
    const auto f = only("marker_with_trailing_text.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "9"}, {"marker", "-- +downgrade (drop t)"}});
}

BOOST_AUTO_TEST_CASE(sql_before_upgrade) {
    const auto f = only("sql_before_upgrade.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "5"}});
}

BOOST_AUTO_TEST_CASE(psql_meta_command) {
    const auto f = only("psql_meta_command.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}, {"command", "\\i"}});
}

BOOST_AUTO_TEST_CASE(copy_from_stdin) {
    const auto f = only("copy_from_stdin.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(copy_to_stdout) {
    const auto f = only("copy_to_stdout.sql");
    check_stderr(retort({"upgrade"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(unterminated_string) {
    const auto f = only_revision(*this, "SELECT 'abc;");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(unterminated_escape_string) {
    const auto f = only_revision(*this, "SELECT E'abc;");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(unterminated_quoted_identifier) {
    const auto f = only_revision(*this, "SELECT \"abc;");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(unterminated_dollar_quote) {
    const auto f = only("unterminated_dollar_quote.sql");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "6"}, {"tag", "$body$"}});
}

BOOST_AUTO_TEST_CASE(unterminated_block_comment) {
    const auto f = only_revision(*this, "SELECT 1; /* open");
    check_stderr(retort({"heads"}), {{"file", f}, {"line", "7"}});
}

BOOST_AUTO_TEST_CASE(every_problem_of_a_file) {
    const auto f = only("several_errors.sql");
    check_stderr(retort({"heads"}), {{"file", f}});
}

BOOST_AUTO_TEST_CASE(missing_directory) {
    fs::remove_all(dir);
    check_stderr(retort({"heads"}), {{"dir", dir.string()}});
}

BOOST_AUTO_TEST_CASE(unreadable_file) {
    fs::create_symlink("/nonexistent/retort/1_aaa111.sql", dir / "1_aaa111.sql");
    check_stderr(retort({"heads"}), {{"file", file("1_aaa111.sql")}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(revision_graph, offline)

BOOST_AUTO_TEST_CASE(duplicate_revision_id) {
    write_table_revision(dir, "1_a.sql", "aaa111", {});
    write_table_revision(dir, "2_b.sql", "aaa111", {});
    check_stderr(retort({"heads"}), {{"file", file("2_b.sql")},
                                     {"line", "3"},
                                     {"id", "aaa111"},
                                     {"first file", file("1_a.sql")},
                                     {"first line", "3"}});
}

BOOST_AUTO_TEST_CASE(unknown_parent) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {"zzz999"});
    check_stderr(retort({"heads"}),
                 {{"file", file("1_aaa111.sql")}, {"line", "4"}, {"id", "aaa111"}, {"parent", "zzz999"}});
}

BOOST_AUTO_TEST_CASE(unknown_dependency) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {}, {"Depends On: zzz999"});
    check_stderr(retort({"heads"}),
                 {{"file", file("1_aaa111.sql")}, {"line", "5"}, {"id", "aaa111"}, {"dependency", "zzz999"}});
}

BOOST_AUTO_TEST_CASE(cycle) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {"bbb222"});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"});
    check_stderr(retort({"heads"}),
                 {{"file", file("2_bbb222.sql")}, {"line", "4"}, {"cycle", "aaa111 -> bbb222 -> aaa111"}});
}

BOOST_AUTO_TEST_CASE(duplicate_branch_label) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {}, {"Branch Labels: core"});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, {"Branch Labels: core"});
    check_stderr(retort({"heads"}), {{"file", file("2_bbb222.sql")},
                                     {"line", "5"},
                                     {"label", "core"},
                                     {"id", "aaa111"},
                                     {"first file", file("1_aaa111.sql")},
                                     {"first line", "5"}});
}

BOOST_AUTO_TEST_CASE(branch_label_equal_to_an_id) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, {"Branch Labels: aaa111"});
    check_stderr(retort({"heads"}), {{"file", file("2_bbb222.sql")},
                                     {"line", "5"},
                                     {"label", "aaa111"},
                                     {"other file", file("1_aaa111.sql")},
                                     {"other line", "3"}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(lock_file_rows, locked)

BOOST_AUTO_TEST_CASE(malformed_lock_line) {
    std::ofstream(lock_file(*this), std::ios::app) << "garbage line\n";
    check_stderr(retort({"check", "--offline"}), {{"lock file", lock_file(*this)}, {"line", "5"}});
}

BOOST_AUTO_TEST_CASE(revision_locked_twice) {
    auto lines = lines_of(read_file(lock_file(*this)));
    BOOST_REQUIRE_EQUAL(lines.size(), 4U);
    std::string changed = lines[3];
    const auto up = changed.find("up=") + 3;
    changed[up] = changed[up] == '0' ? '1' : '0';
    lines.push_back(changed);
    write_lines(lock_file(*this), lines);
    check_stderr(retort({"check", "--offline"}),
                 {{"lock file", lock_file(*this)}, {"line", "5"}, {"id", "bbb222"}, {"first line", "4"}});
}

BOOST_AUTO_TEST_CASE(edited_locked_revision) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE t_bbb222 (id bigint);",
                   "DROP TABLE t_bbb222;");
    check_stderr(retort({"check", "--offline"}), {{"file", file("2_bbb222.sql")},
                                                  {"line", "3"},
                                                  {"id", "bbb222"},
                                                  {"lock file", lock_file(*this)},
                                                  {"lock line", "4"}});
}

BOOST_AUTO_TEST_CASE(lock_refuses_an_edited_revision) {
    const std::string before = read_file(lock_file(*this));
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE t_bbb222 (id bigint);",
                   "DROP TABLE t_bbb222;");
    check_stderr(retort({"lock"}), {{"file", file("2_bbb222.sql")},
                                    {"line", "3"},
                                    {"id", "bbb222"},
                                    {"lock file", lock_file(*this)},
                                    {"lock line", "4"}});
    BOOST_TEST(read_file(lock_file(*this)) == before);
}

BOOST_AUTO_TEST_CASE(deleted_locked_revision) {
    fs::remove(dir / "2_bbb222.sql");
    check_stderr(retort({"check", "--offline"}), {{"lock file", lock_file(*this)}, {"line", "4"}, {"id", "bbb222"}});
}

BOOST_AUTO_TEST_CASE(unlocked_revision_under_strict) {
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"});
    check_stderr(retort({"check", "--offline", "--strict"}),
                 {{"file", file("3_ccc333.sql")}, {"line", "3"}, {"id", "ccc333"}});
}

BOOST_AUTO_TEST_CASE(several_heads_offline) {
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"});
    CHECK_EXIT(retort({"lock", "-q"}), 0);
    check_stderr(retort({"check", "--offline"}),
                 {{"file", file("2_bbb222.sql")},
                  {"line", "3"},
                  {"count", "2"},
                  {"heads", "bbb222 (" + file("2_bbb222.sql") + "), ccc333 (" + file("3_ccc333.sql") + ")"}});
}

BOOST_AUTO_TEST_CASE(relock_of_an_unknown_revision) {
    check_stderr(retort({"lock", "--relock", "zzz"}), {{"target", "zzz"}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(database_state, tool_fixture)

BOOST_AUTO_TEST_CASE(edited_revision) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    edit_upgrade(*this, "bbb222", {"aaa111"});
    check_stderr(retort({"upgrade"}),
                 {{"id", "bbb222"}, {"file", (dir / "2_bbb222.sql").string()}, {"line", "3"}, {"user", "postgres"}});
    check_stderr(retort({"downgrade", "base"}),
                 {{"id", "bbb222"}, {"file", (dir / "2_bbb222.sql").string()}, {"line", "3"}, {"user", "postgres"}});
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(database_ahead_of_the_binary) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    fs::remove(dir / "2_bbb222.sql");
    check_stderr(retort({"upgrade"}), {{"id", "bbb222"}});
    check_stderr(retort({"downgrade", "base"}), {{"id", "bbb222"}});
    BOOST_TEST(exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(database_ahead_by_two_revisions) {
    chain({"aaa111", "bbb222", "ccc333"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    fs::remove(dir / "2_bbb222.sql");
    fs::remove(dir / "3_ccc333.sql");
    check_stderr(retort({"upgrade"}), {{"id", "ccc333"}, {"parent", "bbb222"}});
}

BOOST_AUTO_TEST_CASE(unknown_version_rows) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    fs::remove(dir / "2_bbb222.sql");
    check_stderr(retort({"current"}), {{"ids", "bbb222"}});
    check_stderr(retort({"stamp", "aaa111"}), {{"ids", "bbb222"}});
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(unfinished_revision) {
    const auto line = failing_non_transactional(*this);
    CHECK_EXIT(retort({"upgrade"}), 1);
    check_stderr(retort({"upgrade"}), {{"id", "bbb222"},
                                       {"file", (dir / "2_bbb222.sql").string()},
                                       {"line", std::to_string(line)},
                                       {"statement", "2"}});
}

BOOST_AUTO_TEST_CASE(irreversible_revision) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE t_bbb222 (id int);", std::nullopt);
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    check_stderr(retort({"downgrade", "base"}), {{"id", "bbb222"}, {"file", (dir / "2_bbb222.sql").string()}});
    BOOST_TEST(exists("t_ccc333"));
}

BOOST_AUTO_TEST_CASE(downgrade_target_not_applied) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    check_stderr(retort({"downgrade", "bbb222"}), {{"id", "bbb222"}});
}

BOOST_AUTO_TEST_CASE(non_transactional_revision_in_a_single_transaction) {
    failing_non_transactional(*this);
    check_stderr(retort({"upgrade", "--single-transaction"}),
                 {{"id", "bbb222"}, {"file", (dir / "2_bbb222.sql").string()}});
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(accept_edit_of_an_unedited_revision) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    check_stderr(retort({"accept-edit", "aaa111", "--reason", "fixed by hand"}),
                 {{"id", "aaa111"}, {"file", (dir / "1_aaa111.sql").string()}});
}

BOOST_AUTO_TEST_CASE(accept_edit_of_an_unapplied_revision) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    check_stderr(retort({"accept-edit", "bbb222", "--reason", "fixed by hand"}),
                 {{"id", "bbb222"}, {"file", (dir / "2_bbb222.sql").string()}});
}

BOOST_AUTO_TEST_CASE(migration_lock_timeout) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "SELECT pg_sleep(3);", std::nullopt);
    auto holder = spawn(tmp.path, tool({"upgrade", "-q"}), base_env(db));
    const std::string held =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())";
    for (int tries = 0; tries < 500 && scalar(held) == "0"; ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    BOOST_REQUIRE(scalar(held) == "1");
    // The holder's statement runs: the message describes an active statement, not an idle session.
    const std::string sleeping =
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position("
        "'pg_sleep(3)' IN query) > 0";
    for (int tries = 0; tries < 500 && scalar(sleeping) == "0"; ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    check_stderr(retort({"upgrade", "--lock-timeout", "0.3"}), {{"seconds", "0.3"}, {"milliseconds", "300"}});
    CHECK_EXIT(finish(holder), 0);
}

BOOST_AUTO_TEST_CASE(check_pending) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    check_stdout(retort({"check"}), {{"rows", "aaa111"},
                                     {"id", "bbb222"},
                                     {"file", (dir / "2_bbb222.sql").string()},
                                     {"message", "revision bbb222"}});
}

BOOST_AUTO_TEST_CASE(check_unfinished) {
    const auto line = failing_non_transactional(*this);
    CHECK_EXIT(retort({"upgrade"}), 1);
    check_stdout(retort({"check"}), {{"rows", "aaa111"},
                                     {"id", "bbb222"},
                                     {"file", (dir / "2_bbb222.sql").string()},
                                     {"line", std::to_string(line)},
                                     {"statement", "2"},
                                     {"message", "revision bbb222"}});
}

BOOST_AUTO_TEST_CASE(check_edited) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    edit_upgrade(*this, "aaa111", {});
    check_stdout(retort({"check"}), {{"rows", "aaa111"},
                                     {"id", "aaa111"},
                                     {"file", (dir / "1_aaa111.sql").string()},
                                     {"line", "3"},
                                     {"user", "postgres"},
                                     {"old line", "CREATE TABLE t_aaa111 (id int);"},
                                     {"new line", "CREATE TABLE t_aaa111 (id int, x int);"}});
}

BOOST_AUTO_TEST_CASE(check_unknown) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    fs::remove(dir / "2_bbb222.sql");
    check_stdout(retort({"check"}), {{"rows", "bbb222"}, {"id", "bbb222"}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(bookkeeping_tables, tool_fixture)

BOOST_AUTO_TEST_CASE(temporary_search_path) {
    chain({"aaa111"});
    check_stderr(retort({"upgrade"}, {{"PGOPTIONS", "-c search_path=pg_temp,public"}}),
                 {{"search path", "pg_temp,public"}});
}

BOOST_AUTO_TEST_CASE(schema_name_over_63_bytes) {
    chain({"aaa111"});
    const std::string schema(64, 's');
    check_stderr(retort({"upgrade", "--schema", schema}), {{"schema", schema}, {"bytes", "64"}});
}

BOOST_AUTO_TEST_CASE(read_only_database) {
    chain({"aaa111"});
    conn.execute("ALTER DATABASE " + conn.quote_identifier(db.name()) + " SET default_transaction_read_only = on");
    check_stderr(retort({"upgrade"}));
}

BOOST_AUTO_TEST_CASE(no_create_privilege_on_the_schema) {
    chain({"aaa111"});
    scratch_role migrator{db, "retort_errors_role"};
    check_stderr(retort({"upgrade"}, migrator.as()), {{"role", migrator.name}});
}

BOOST_AUTO_TEST_CASE(unrelated_table_with_a_retort_table_name) {
    chain({"aaa111"});
    conn.execute("CREATE TABLE alembic_version_history (id serial PRIMARY KEY, note text)");
    check_stderr(retort({"upgrade"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(failed_statements, tool_fixture)

BOOST_AUTO_TEST_CASE(failed_statement) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const auto first = write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"},
                                      "CREATE TABLE t_bbb222 (id int);\nINSERT INTO t_bbb222\n  VALUES (1, 2);",
                                      "DROP TABLE t_bbb222;");
    check_stderr(retort({"upgrade"}), {{"file", (dir / "2_bbb222.sql").string()},
                                       {"line", std::to_string(first + 2)},
                                       {"id", "bbb222"},
                                       {"message", "revision bbb222"},
                                       {"sqlstate", "42601"},
                                       {"server message", "INSERT has more expressions than target columns"}});
    CHECK_STRINGS(version_rows(), "aaa111");
    BOOST_TEST(!exists("t_bbb222"));
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE revision = 'bbb222' AND outcome = 'failed'") ==
               "1");
}

BOOST_AUTO_TEST_CASE(failed_statement_with_detail) {
    const auto first = write_revision(dir, "1_aaa111.sql", "aaa111", {},
                                      "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n"
                                      "INSERT INTO t VALUES (1);",
                                      "DROP TABLE t;");
    check_stderr(retort({"upgrade"}), {{"file", (dir / "1_aaa111.sql").string()},
                                       {"line", std::to_string(first + 2)},
                                       {"id", "aaa111"},
                                       {"message", "revision aaa111"},
                                       {"constraint", "t_pkey"}});
}

BOOST_AUTO_TEST_CASE(failed_statement_in_a_single_transaction) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const auto first = write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "SELECT 1/0;", "SELECT 1;");
    check_stderr(retort({"upgrade", "--single-transaction"}), {{"file", (dir / "2_bbb222.sql").string()},
                                                               {"line", std::to_string(first)},
                                                               {"id", "bbb222"},
                                                               {"message", "revision bbb222"},
                                                               {"sqlstate", "22012"},
                                                               {"server message", "division by zero"}});
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(failed_non_transactional_statement) {
    const auto line = failing_non_transactional(*this);
    check_stderr(retort({"upgrade"}), {{"file", (dir / "2_bbb222.sql").string()},
                                       {"line", std::to_string(line)},
                                       {"id", "bbb222"},
                                       {"message", "revision bbb222"},
                                       {"sqlstate", "42P01"},
                                       {"server message", "relation \"missing\" does not exist"}});
    BOOST_TEST(exists("a_idx"));
}

BOOST_AUTO_TEST_CASE(failed_downgrade_statement) {
    const auto first =
        write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE t (id int);", "DROP TABLE nope;");
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    check_stderr(retort({"downgrade", "base"}), {{"file", (dir / "1_aaa111.sql").string()},
                                                 {"line", std::to_string(first + 3)},
                                                 {"id", "aaa111"},
                                                 {"message", "revision aaa111"},
                                                 {"sqlstate", "42P01"},
                                                 {"server message", "table \"nope\" does not exist"}});
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_AUTO_TEST_CASE(failed_concurrent_index_build) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE dup (x int);\nINSERT INTO dup VALUES (1), (1);",
                   "DROP TABLE dup;");
    const auto first =
        write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE UNIQUE INDEX CONCURRENTLY dup_x ON dup (x);",
                       "DROP INDEX dup_x;", {"Transactional: false"});
    check_stderr(retort({"upgrade"}), {{"file", (dir / "2_bbb222.sql").string()},
                                       {"line", std::to_string(first)},
                                       {"id", "bbb222"},
                                       {"message", "revision bbb222"},
                                       {"index", "dup_x"}});
}

BOOST_AUTO_TEST_CASE(statement_over_the_pg_lock_timeout) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE held (id int);", "DROP TABLE held;");
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    const auto first =
        write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "ALTER TABLE held ADD COLUMN x int;", std::nullopt);
    conn.execute("BEGIN");
    conn.execute("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
    check_stderr(retort({"upgrade", "--pg-lock-timeout", "0.2"}), {{"file", (dir / "2_bbb222.sql").string()},
                                                                   {"line", std::to_string(first)},
                                                                   {"id", "bbb222"},
                                                                   {"message", "revision bbb222"},
                                                                   {"milliseconds", "200"}});
    conn.execute("ROLLBACK");
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_AUTO_TEST_CASE(statement_over_the_pg_statement_timeout) {
    const auto first = write_revision(dir, "1_aaa111.sql", "aaa111", {}, "SELECT pg_sleep(5);", std::nullopt);
    check_stderr(retort({"upgrade", "--pg-statement-timeout", "0.2"}), {{"file", (dir / "1_aaa111.sql").string()},
                                                                        {"line", std::to_string(first)},
                                                                        {"id", "aaa111"},
                                                                        {"message", "revision aaa111"},
                                                                        {"milliseconds", "200"}});
    BOOST_TEST(version_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(connections, tool_fixture)

BOOST_AUTO_TEST_CASE(unreachable_server) {
    chain({"aaa111"});
    check_stderr(retort({"current"}, {{"PGHOST", "/nonexistent/retort-socket-dir"}}),
                 {{"host", "/nonexistent/retort-socket-dir"},
                  {"port", env("PGPORT")},
                  {"dbname", db.name()},
                  {"user", "postgres"}});
}

BOOST_AUTO_TEST_CASE(malformed_connection_url) {
    chain({"aaa111"});
    check_stderr(retort({"current", "--database-url", "postgresql:///app?bogus=1"}));
}

BOOST_AUTO_TEST_CASE(bad_connection_parameter) {
    chain({"aaa111"});
    check_stderr(retort({"current", "--database-url", "port=notaport"}),
                 {{"host", env("PGHOST")}, {"dbname", db.name()}, {"user", "postgres"}});
}

BOOST_AUTO_TEST_CASE(unknown_role) {
    chain({"aaa111"});
    check_stderr(retort({"current"}, {{"PGUSER", "retort_no_such_role"}}), {{"host", env("PGHOST")},
                                                                            {"port", env("PGPORT")},
                                                                            {"dbname", db.name()},
                                                                            {"user", "retort_no_such_role"}});
}

BOOST_AUTO_TEST_CASE(unknown_database) {
    chain({"aaa111"});
    check_stderr(retort({"current"}, {{"PGDATABASE", "retort_no_such_database"}}),
                 {{"host", env("PGHOST")},
                  {"port", env("PGPORT")},
                  {"dbname", "retort_no_such_database"},
                  {"user", "postgres"}});
}

BOOST_AUTO_TEST_CASE(wrong_password) {
    chain({"aaa111"});
    tcp_cluster server{"the-right-secret"};
    const std::string port = std::to_string(server.port());
    auto r = retort({"current"}, {{"DATABASE_HOST", "127.0.0.1"},
                                  {"DATABASE_PORT", port},
                                  {"DATABASE_NAME", "postgres"},
                                  {"DATABASE_USER", "postgres"},
                                  {"DATABASE_PASSWORD", "a-wrong-secret"}});
    check_stderr(r, {{"port", port}, {"dbname", "postgres"}, {"user", "postgres"}});
}

BOOST_AUTO_TEST_CASE(lost_connection) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "SELECT pg_terminate_backend(pg_backend_pid());", std::nullopt);
    check_stderr(retort({"upgrade"}),
                 {{"user", "postgres"}, {"host", env("PGHOST")}, {"port", env("PGPORT")}, {"dbname", db.name()}});
    BOOST_TEST(version_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(syntax_declared_drift, offline)

BOOST_AUTO_TEST_CASE(syntax_error_in_a_revision) {
    const std::string file = only_revision(*this, "CREAT TABLE t (id int);");
    check_stderr(retort({"heads"}), {{"file", file}});
}

BOOST_AUTO_TEST_CASE(autogenerate_without_declared) { check_stderr(retort({"revision", "--autogenerate", "-m", "x"})); }

BOOST_AUTO_TEST_CASE(declared_schema_not_found) {
    const std::string path = (tmp.path / "nosuch").string();
    check_stderr(retort({"check", "--declared", path}), {{"path", path}});
}

BOOST_AUTO_TEST_CASE(check_with_two_modes) { check_stderr(retort({"check", "--offline", "--drift"})); }

BOOST_AUTO_TEST_CASE(drift_with_a_schema) { check_stderr(retort({"check", "--drift", "--schema", "app"})); }

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(declared_schema_on_a_server, tool_fixture)

BOOST_AUTO_TEST_CASE(declared_schema_does_not_load) {
    const fs::path schema = tmp.path / "schema";
    fs::create_directory(schema);
    std::ofstream(schema / "10_t.sql") << "CREATE TABLE t (id nosuchtype);\n";
    check_stderr(retort({"check", "--declared", schema.string(), "--dev-url", "dbname=postgres"}),
                 {{"file", (schema / "10_t.sql").string()}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(json_errors, offline)

BOOST_AUTO_TEST_CASE(json_unknown_command) {
    auto r = retort({"frobnicate", "--format", "json"});
    check_stdout(r, {{"command", "frobnicate"}});
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(json_unknown_revision) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    auto r = retort({"show", "zzz", "--format", "json"});
    check_stdout(r, {{"target", "zzz"}});
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(json_invalid_revision_file) {
    const std::string file = only("no_header.sql");
    check_stdout(retort({"heads", "--format", "json"}), {{"file", file}});
}

BOOST_AUTO_TEST_CASE(json_malformed_connection_url) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    check_stdout(retort({"current", "--format", "json", "--database-url", "postgresql:///app?bogus=1"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(the_table)

BOOST_AUTO_TEST_CASE(every_row_has_its_test_case_and_every_case_its_row) {
    struct collector : boost::unit_test::test_tree_visitor {
        std::set<std::string> names;
        void visit(const boost::unit_test::test_case& tc) override { names.insert(tc.p_name); }
    } cases;
    boost::unit_test::traverse_test_tree(boost::unit_test::framework::master_test_suite(), cases, true);
    cases.names.erase(current_test_case());

    std::set<std::string> rows;
    for (const auto& row : table()) {
        BOOST_TEST(rows.insert(row.test_case).second, "docs/errors.md has two rows for " << row.test_case);
        BOOST_TEST(cases.names.contains(row.test_case),
                   "the row " << row.test_case << " of docs/errors.md has no test case");
    }
    for (const auto& name : cases.names)
        BOOST_TEST(rows.contains(name), "the test case " << name << " has no row in docs/errors.md");
    BOOST_TEST(rows.size() > 50U);
}

BOOST_AUTO_TEST_SUITE_END()
