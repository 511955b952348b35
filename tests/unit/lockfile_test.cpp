// Specifies the lock file: its line format and parse errors, deterministic rendering, what counts as an
// edit of a locked revision, and the two ways the file changes (adding unlocked revisions, relocking one).
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lockfile.hpp"
#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "revision_files.hpp"

namespace {

using retort::lock_entry;
using retort::testing::revision_files;
using messages = std::vector<std::string>;

// The text of a revision file: line 1 message, 2 blank, 3 Revision ID, 4 Revises.
std::string revision_text(std::string_view id, std::string_view revises, std::string_view upgrade,
                          std::optional<std::string_view> downgrade, std::string_view message = "a revision") {
    std::string text = fmt::format("-- {}\n--\n-- Revision ID: {}\n-- Revises: {}\n\n-- +upgrade\n{}\n", message, id,
                                   revises, upgrade);
    if (downgrade) text += fmt::format("\n-- +downgrade\n{}\n", *downgrade);
    return text;
}

// a <- b <- c, each creating and dropping a table.
revision_files history(std::string_view b_downgrade = "DROP TABLE b;") {
    revision_files files;
    files.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    files.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", b_downgrade));
    files.add_file("0003_c.sql", revision_text("cccc", "bbbb", "CREATE TABLE c (id int);", "DROP TABLE c;"));
    return files;
}

retort::graph graph_of(const revision_files& files) { return retort::graph::build_or_throw(files.revisions()); }

// The lock text of every revision in `files`.
std::string lock_of(const revision_files& files) {
    auto g = graph_of(files);
    return retort::render_lock(retort::add_unlocked(g, {}).entries);
}

std::vector<lock_entry> parse_valid(std::string_view text) {
    retort::diagnostics diags;
    auto entries = retort::parse_lock("migrations/retort.lock", text, diags);
    std::string errors;
    for (const auto& d : diags.all()) errors += "\n" + retort::format_diagnostic(d);
    BOOST_TEST_REQUIRE(!diags.has_errors(), "unexpected errors:" << errors);
    return entries;
}

messages parse_errors(std::string_view text) {
    retort::diagnostics diags;
    retort::parse_lock("migrations/retort.lock", text, diags);
    messages out;
    for (const auto& d : diags.all()) out.push_back(retort::format_diagnostic(d));
    return out;
}

// The findings of `files` against `lock` under `policy`, formatted, and the verdict.
struct checked {
    retort::lock_comparison comparison;
    messages errors, notes;
    retort::lock_verdict verdict;
};

checked check(const revision_files& files, std::string_view lock, retort::lock_policy policy = {}) {
    auto g = graph_of(files);
    checked out;
    out.comparison = retort::compare_lock(g, parse_valid(lock));
    retort::diagnostics diags;
    retort::lock_diagnostics(g, out.comparison, "migrations/retort.lock", policy, diags);
    for (const auto& d : diags.all())
        (d.level == retort::severity::error ? out.errors : out.notes).push_back(retort::format_diagnostic(d));
    out.verdict = retort::verdict(out.comparison, policy);
    return out;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The lines of `text` that are not comments.
messages lock_lines(std::string_view text) {
    messages out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        auto end = text.find('\n', begin);
        std::string line(text.substr(begin, end - begin));
        if (!line.starts_with('#')) out.push_back(line);
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    return out;
}

constexpr std::string_view up_hex = "9cfafa5a8ffe541643cfd293eb6f740476804308b22c63df52161e22aee623c3";
constexpr std::string_view down_hex = "ab0ef23a60f5bf582e5971a10ba7c87d2a3827007fc6a43f992e4a286332d516";

}  // namespace

BOOST_AUTO_TEST_SUITE(lockfile)

// --- the format ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_line_holds_id_parents_and_both_checksums) {
    auto entries = parse_valid(fmt::format("# comment\n\nb2 parents=a1,a2 up={} down={}\nc3 parents=- up={} down=-\n",
                                           up_hex, down_hex, up_hex));
    BOOST_TEST_REQUIRE(entries.size() == 2U);
    BOOST_TEST(entries[0].id == "b2");
    BOOST_TEST(entries[0].parents == (messages{"a1", "a2"}), boost::test_tools::per_element());
    BOOST_TEST(entries[0].upgrade.hex() == up_hex);
    BOOST_TEST(entries[0].downgrade->hex() == down_hex);
    BOOST_TEST(entries[0].line == 3U);
    BOOST_TEST(entries[1].parents.empty());
    BOOST_TEST(!entries[1].downgrade.has_value());
    BOOST_TEST(entries[1].line == 4U);
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_are_read_like_lf) {
    auto lf = parse_valid(fmt::format("b2 parents=a1 up={} down={}\n", up_hex, down_hex));
    auto crlf = parse_valid(fmt::format("# header\r\nb2 parents=a1 up={} down={}\r\n", up_hex, down_hex));
    BOOST_TEST_REQUIRE(crlf.size() == 1U);
    BOOST_TEST((crlf[0] == lf[0]));
}

BOOST_AUTO_TEST_CASE(malformed_lines_are_errors_at_the_lock_files_line) {
    auto errors =
        parse_errors(fmt::format("# header\n"
                                 "b2 parents=a1 up={0}\n"          // line 2: a field missing
                                 "b-2 parents=- up={0} down=-\n"   // line 3: not an id
                                 "b3 parents=- up={1} down=-\n"    // line 4: upper case
                                 "b4 parents=- up=abc down=-\n"    // line 5: short
                                 "b5 parents=z,a up={0} down=-\n"  // line 6: parents unsorted
                                 "b6 parents=- down=- up={0}\n"    // line 7: fields out of order
                                 "b7  parents=- up={0} down=-\n",  // line 8: two spaces
                                 up_hex, "9CFAFA5A8FFE541643CFD293EB6F740476804308B22C63DF52161E22AEE623C3"));
    BOOST_TEST_REQUIRE(errors.size() == 7U);
    for (std::size_t i = 0; i < errors.size(); ++i)
        BOOST_TEST(errors[i].starts_with(fmt::format("migrations/retort.lock:{}: error: ", i + 2)), errors[i]);
    BOOST_TEST(contains(errors[1], "'b-2' is not a revision id"));
    BOOST_TEST(contains(errors[2], "64 lower-case hexadecimal digits"));
    BOOST_TEST(contains(errors[4], "parents must be sorted"));
}

BOOST_AUTO_TEST_CASE(a_revision_locked_twice_differently_is_an_error) {
    auto errors =
        parse_errors(fmt::format("b2 parents=- up={0} down=-\nb2 parents=- up={0} down={1}\n", up_hex, down_hex));
    BOOST_TEST(errors == (messages{"migrations/retort.lock:2: error: revision b2 is locked twice, differently (also at "
                                   "line 1)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_same_line_twice_counts_once) {
    // What a union merge gives when both branches locked the same revision.
    auto entries = parse_valid(fmt::format("b2 parents=- up={0} down=-\nb2 parents=- up={0} down=-\n", up_hex));
    BOOST_TEST(entries.size() == 1U);
}

BOOST_AUTO_TEST_CASE(rendering_sorts_by_id_whatever_the_order_given) {
    auto files = history();
    auto g = graph_of(files);
    std::vector<lock_entry> entries;
    for (auto id : {"cccc", "aaaa", "bbbb"}) entries.push_back(retort::lock_entry_of(g.at(*g.find(id))));
    std::string text = retort::render_lock(entries);
    std::reverse(entries.begin(), entries.end());
    BOOST_TEST(retort::render_lock(entries) == text);
    auto lines = lock_lines(text);
    BOOST_TEST_REQUIRE(lines.size() == 3U);
    BOOST_TEST(lines[0].starts_with("aaaa parents=- up="));
    BOOST_TEST(lines[1].starts_with("bbbb parents=aaaa up="));
    BOOST_TEST(lines[2].starts_with("cccc parents=bbbb up="));
    BOOST_TEST(text.starts_with("# retort lock file"));
    BOOST_TEST(contains(text, "do not edit it by hand"));
    BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_CASE(a_rendered_lock_parses_back_to_the_same_entries) {
    auto files = history();
    auto g = graph_of(files);
    auto entries = retort::add_unlocked(g, {}).entries;
    auto again = parse_valid(retort::render_lock(entries));
    BOOST_TEST_REQUIRE(again.size() == entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) BOOST_TEST((again[i] == entries[i]));
}

// --- edits -----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(revisions_that_match_their_lines_give_no_finding) {
    auto files = history();
    auto c = check(files, lock_of(files));
    BOOST_TEST(c.errors.empty());
    BOOST_TEST(c.notes.empty());
    BOOST_TEST(c.comparison.matching == 3U);
    BOOST_TEST((c.verdict == retort::lock_verdict::clean));
}

BOOST_AUTO_TEST_CASE(an_edited_upgrade_is_an_error_at_the_revisions_id_line_with_both_checksums) {
    auto lock = lock_of(history());
    revision_files edited;
    edited.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id bigint);", "DROP TABLE a;"));
    edited.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    edited.add_file("0003_c.sql", revision_text("cccc", "bbbb", "CREATE TABLE c (id int);", "DROP TABLE c;"));
    auto c = check(edited, lock);
    auto was = retort::lock_entry_of(graph_of(history()).at(0)).upgrade.hex();
    auto now = retort::lock_entry_of(graph_of(edited).at(0)).upgrade.hex();
    BOOST_TEST(c.errors == (messages{fmt::format(
                               "0001_a.sql:3: error: revision aaaa was edited after it was locked; revert the edit or "
                               "write a new revision (upgrade checksum locked v1:{}, now v1:{})",
                               was, now)}),
               boost::test_tools::per_element());
    BOOST_TEST(c.notes == (messages{"migrations/retort.lock:3: note: revision aaaa is locked here"}),
               boost::test_tools::per_element());
    BOOST_TEST((c.verdict == retort::lock_verdict::edited));
}

BOOST_AUTO_TEST_CASE(an_edited_downgrade_is_an_error) {
    auto c = check(history("DROP TABLE b CASCADE;"), lock_of(history()));
    BOOST_TEST_REQUIRE(c.errors.size() == 1U);
    BOOST_TEST(c.errors[0].starts_with("0002_b.sql:3: error: revision bbbb was edited after it was locked"));
    BOOST_TEST(contains(c.errors[0], "(downgrade checksum locked v1:"));
    BOOST_TEST(!contains(c.errors[0], "upgrade checksum"));
    BOOST_TEST_REQUIRE(c.comparison.edited.size() == 1U);
    BOOST_TEST(c.comparison.edited[0].downgrade);
    BOOST_TEST(!c.comparison.edited[0].upgrade);
}

BOOST_AUTO_TEST_CASE(a_removed_downgrade_is_an_edit) {
    revision_files irreversible;
    irreversible.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    irreversible.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", std::nullopt));
    irreversible.add_file("0003_c.sql", revision_text("cccc", "bbbb", "CREATE TABLE c (id int);", "DROP TABLE c;"));
    auto c = check(irreversible, lock_of(history()));
    BOOST_TEST_REQUIRE(c.errors.size() == 1U);
    BOOST_TEST(contains(c.errors[0], ", now none)"));
}

BOOST_AUTO_TEST_CASE(a_changed_message_is_not_an_edit) {
    revision_files renamed;
    renamed.add_file("0001_a.sql",
                     revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;", "a better message"));
    renamed.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    renamed.add_file("0003_c.sql", revision_text("cccc", "bbbb", "CREATE TABLE c (id int);", "DROP TABLE c;"));
    auto c = check(renamed, lock_of(history()));
    BOOST_TEST(c.errors.empty());
    BOOST_TEST(c.comparison.matching == 3U);
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_in_a_revision_file_are_not_an_edit) {
    auto to_crlf = [](std::string text) {
        std::string out;
        for (char ch : text) out += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
        return out;
    };
    revision_files crlf;
    crlf.add_file("0001_a.sql", to_crlf(revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;")));
    crlf.add_file("0002_b.sql", to_crlf(revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;")));
    crlf.add_file("0003_c.sql", to_crlf(revision_text("cccc", "bbbb", "CREATE TABLE c (id int);", "DROP TABLE c;")));
    auto c = check(crlf, lock_of(history()));
    BOOST_TEST(c.errors.empty());
    BOOST_TEST(c.comparison.matching == 3U);
}

BOOST_AUTO_TEST_CASE(a_deleted_revision_is_an_error_at_its_lock_line) {
    auto lock = lock_of(history());
    revision_files shorter;
    shorter.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    shorter.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    auto c = check(shorter, lock);
    BOOST_TEST_REQUIRE(c.errors.size() == 1U);
    BOOST_TEST(c.errors[0].starts_with("migrations/retort.lock:5: error: revision cccc is locked but no revision file "
                                       "has this id any more"),
               c.errors[0]);
    BOOST_TEST((c.verdict == retort::lock_verdict::edited));
}

// --- unlocked revisions and heads -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_unlocked_revision_is_a_note_and_under_strict_an_error) {
    revision_files two;
    two.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    two.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    auto lock = lock_of(two);
    auto relaxed = check(history(), lock);
    BOOST_TEST(relaxed.errors.empty());
    BOOST_TEST(relaxed.notes == (messages{"0003_c.sql:3: note: revision cccc is not locked yet; `lock` adds it"}),
               boost::test_tools::per_element());
    BOOST_TEST((relaxed.verdict == retort::lock_verdict::clean));

    auto strict = check(history(), lock, {true, true, true});
    BOOST_TEST(strict.errors ==
                   (messages{"0003_c.sql:3: error: revision cccc is not locked; run `lock` and commit the lock file"}),
               boost::test_tools::per_element());
    BOOST_TEST((strict.verdict == retort::lock_verdict::unlocked_or_heads));
}

BOOST_AUTO_TEST_CASE(several_heads_are_an_error_unless_allowed) {
    auto files = history();
    files.add_file("0004_d.sql", revision_text("dddd", "bbbb", "CREATE TABLE d (id int);", "DROP TABLE d;"));
    auto lock = lock_of(files);
    auto c = check(files, lock);
    BOOST_TEST(c.errors == (messages{"0003_c.sql:3: error: the graph has 2 heads: cccc (0003_c.sql), dddd "
                                     "(0004_d.sql); write a merge revision that revises them, or allow several heads "
                                     "(--allow-multiple-heads)"}),
               boost::test_tools::per_element());
    BOOST_TEST((c.verdict == retort::lock_verdict::unlocked_or_heads));

    auto allowed = check(files, lock, {true, false, false});
    BOOST_TEST(allowed.errors.empty());
    BOOST_TEST((allowed.verdict == retort::lock_verdict::clean));
}

BOOST_AUTO_TEST_CASE(the_build_ignores_unlocked_revisions_and_several_heads) {
    auto files = history();
    files.add_file("0004_d.sql", revision_text("dddd", "bbbb", "CREATE TABLE d (id int);", "DROP TABLE d;"));
    auto c = check(files, lock_of(history()), retort::build_lock_policy);
    BOOST_TEST(c.errors.empty());
    BOOST_TEST(c.notes.empty());
    BOOST_TEST((c.verdict == retort::lock_verdict::clean));
}

// --- changing the lock ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(adding_unlocked_revisions_keeps_every_existing_line_byte_identical) {
    revision_files two;
    two.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    two.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    std::string before = lock_of(two);
    auto files = history();
    auto g = graph_of(files);
    auto addition = retort::add_unlocked(g, parse_valid(before));
    BOOST_TEST_REQUIRE(addition.added.size() == 1U);
    BOOST_TEST(g.at(addition.added[0]).id == "cccc");
    std::string after = retort::render_lock(addition.entries);
    BOOST_TEST(after.starts_with(before), "the old text is no longer a prefix:\n" << after);
    BOOST_TEST(lock_lines(after).size() == 3U);
    BOOST_TEST(retort::render_lock(retort::add_unlocked(g, parse_valid(after)).entries) == after);
}

BOOST_AUTO_TEST_CASE(adding_never_rewrites_the_line_of_an_edited_revision) {
    auto lock = lock_of(history());
    auto edited = history("DROP TABLE b CASCADE;");
    auto addition = retort::add_unlocked(graph_of(edited), parse_valid(lock));
    BOOST_TEST(addition.added.empty());
    BOOST_TEST(retort::render_lock(addition.entries) == lock);
}

BOOST_AUTO_TEST_CASE(relocking_rewrites_only_that_revisions_line) {
    auto lock = lock_of(history());
    auto edited = history("DROP TABLE b CASCADE;");
    auto g = graph_of(edited);
    auto result = retort::relock(g, parse_valid(lock), "bb");
    BOOST_TEST_REQUIRE(result.before.has_value());
    BOOST_TEST_REQUIRE(result.after.has_value());
    BOOST_TEST(result.after->id == "bbbb");
    BOOST_TEST(contains(retort::lock_changes(*result.before, *result.after), "downgrade checksum locked v1:"));
    auto old_lines = lock_lines(lock), new_lines = lock_lines(retort::render_lock(result.entries));
    BOOST_TEST_REQUIRE(new_lines.size() == 3U);
    BOOST_TEST(new_lines[0] == old_lines[0]);
    BOOST_TEST(new_lines[1] != old_lines[1]);
    BOOST_TEST(new_lines[2] == old_lines[2]);
    BOOST_TEST(new_lines[1] == retort::lock_line(retort::lock_entry_of(g.at(*g.find("bbbb")))));
}

BOOST_AUTO_TEST_CASE(relocking_a_deleted_revision_drops_its_line) {
    auto lock = lock_of(history());
    revision_files shorter;
    shorter.add_file("0001_a.sql", revision_text("aaaa", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    shorter.add_file("0002_b.sql", revision_text("bbbb", "aaaa", "CREATE TABLE b (id int);", "DROP TABLE b;"));
    auto result = retort::relock(graph_of(shorter), parse_valid(lock), "cccc");
    BOOST_TEST(result.before.has_value());
    BOOST_TEST(!result.after.has_value());
    BOOST_TEST(lock_lines(retort::render_lock(result.entries)).size() == 2U);
}

BOOST_AUTO_TEST_CASE(relocking_needs_a_known_and_unambiguous_id) {
    revision_files files;
    files.add_file("0001_a.sql", revision_text("ab12", "", "SELECT 1;", std::nullopt));
    files.add_file("0002_b.sql", revision_text("ab34", "ab12", "SELECT 2;", std::nullopt));
    auto g = graph_of(files);
    BOOST_CHECK_THROW(retort::relock(g, {}, "ab"), retort::usage_error);
    BOOST_CHECK_THROW(retort::relock(g, {}, "zz"), retort::usage_error);
    BOOST_TEST(retort::relock(g, {}, "ab3").after->id == "ab34");
}

BOOST_AUTO_TEST_SUITE_END()
