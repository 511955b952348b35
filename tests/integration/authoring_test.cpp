// The daily authoring loop with the `retort --dir` tool: new revisions, merges, resets of a development
// database, and irreversible revisions stopping a downgrade. Each case has its own directory and database.
#define BOOST_TEST_MODULE authoring_tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

struct authoring : tool_fixture {
    authoring() : tool_fixture("authoring") {}

    // Runs `revision` or `merge` and returns the path it printed.
    fs::path create(const strings& args) {
        auto r = retort(args);
        CHECK_EXIT(r, 0);
        std::string path = r.out.substr(0, r.out.find('\n'));
        BOOST_TEST_REQUIRE(fs::exists(path), "printed path " << path << " does not exist");
        return path;
    }
    // The value of header key `key` in the file at `path`.
    static std::string header(const fs::path& path, const std::string& key) {
        std::string text = read_file(path), prefix = "-- " + key + ": ";
        auto at = text.find(prefix);
        if (at == std::string::npos) return "<absent>";
        auto start = at + prefix.size();
        return text.substr(start, text.find('\n', start) - start);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(revision, authoring)

BOOST_AUTO_TEST_CASE(the_first_revision_creates_the_directory_and_starts_a_root) {
    fs::remove(dir);
    auto path = create({"revision", "-m", "Create users"});
    BOOST_TEST(path.filename() == "0001_create_users.sql");
    BOOST_TEST(header(path, "Revises") == "");
    std::string id = header(path, "Revision ID");
    BOOST_TEST(id.size() == 12U);
    BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos, id);
    BOOST_TEST(header(path, "Create Date").size() == 19U);
    std::string text = read_file(path);
    BOOST_TEST(text.starts_with("-- Create users\n"), text);
    BOOST_TEST(contains(text, "\n-- +upgrade\n"), text);
    BOOST_TEST(contains(text, "\n-- +downgrade\n"), text);
}

BOOST_AUTO_TEST_CASE(a_revision_on_one_head_revises_it_and_sorts_after_it) {
    chain({"aaa111", "bbb222"});
    auto path = create({"revision", "-m", "add a column: later!"});
    BOOST_TEST(path.filename() == "3_add_a_column_later.sql");
    BOOST_TEST(header(path, "Revises") == "bbb222");
    auto heads = retort({"heads"});
    BOOST_TEST(contains(heads.out, header(path, "Revision ID") + " (head)"), heads.out);
}

BOOST_AUTO_TEST_CASE(a_revision_with_several_heads_fails_naming_them) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"});
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"});
    auto r = retort({"revision", "-m", "next"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "2 heads: bbb222"), r.err);
    BOOST_TEST(contains(r.err, "ccc333"), r.err);
    BOOST_TEST(contains(r.err, "--head"), r.err);
    BOOST_TEST(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 3);
}

BOOST_AUTO_TEST_CASE(head_picks_one_of_several_heads) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"});
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"});
    BOOST_TEST(header(create({"revision", "-m", "on c", "--head", "ccc3"}), "Revises") == "ccc333");
}

BOOST_AUTO_TEST_CASE(head_must_be_a_head) {
    chain({"aaa111", "bbb222"});
    auto r = retort({"revision", "-m", "x", "--head", "aaa111"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "is not a head"), r.err);
}

BOOST_AUTO_TEST_CASE(labels_dependencies_and_transactional_go_into_the_header) {
    chain({"aaa111"});
    write_table_revision(dir, "2_dep222.sql", "dep222", {}, {"Branch Labels: shared"});
    auto path = create({"revision", "-m", "index", "--head", "aaa111", "--branch-label", "search", "--depends-on",
                        "shared", "--transactional", "false"});
    BOOST_TEST(header(path, "Branch Labels") == "search");
    BOOST_TEST(header(path, "Depends On") == "dep222");
    BOOST_TEST(header(path, "Transactional") == "false");
    CHECK_EXIT(retort({"check", "--offline", "--allow-multiple-heads"}), 0);
}

BOOST_AUTO_TEST_CASE(a_message_is_required) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"revision"}), 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(merge, authoring)

BOOST_AUTO_TEST_CASE(merge_joins_every_head_into_one) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"});
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"});
    auto path = create({"merge", "-m", "merge heads", "heads"});
    BOOST_TEST(header(path, "Revises") == "bbb222, ccc333");
    auto heads = retort({"heads"});
    BOOST_TEST(contains(heads.out, header(path, "Revision ID") + " (head)"), heads.out);
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
}

BOOST_AUTO_TEST_CASE(merge_of_named_revisions_keeps_the_order_given_as_alembic_does) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_table_revision(dir, "2_bbb222.sql", "bbb222", {});
    BOOST_TEST(header(create({"merge", "-m", "join", "bbb2", "aaa1"}), "Revises") == "bbb222, aaa111");
}

BOOST_AUTO_TEST_CASE(merge_refuses_a_revision_that_is_not_a_head_and_one_named_twice) {
    chain({"aaa111", "bbb222"});
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {});
    auto r = retort({"merge", "-m", "join", "aaa111", "ccc333"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "aaa111 is not a head"), r.err);
    r = retort({"merge", "-m", "join", "ccc333", "ccc333"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "named twice"), r.err);
}

BOOST_AUTO_TEST_CASE(rev_id_names_the_new_revision_and_is_validated) {
    chain({"aaa111"});
    BOOST_TEST(header(create({"revision", "-m", "mine", "--rev-id", "my_id_01"}), "Revision ID") == "my_id_01");
    CHECK_EXIT(retort({"revision", "-m", "again", "--rev-id", "my_id_01"}), 2);
    CHECK_EXIT(retort({"revision", "-m", "bad", "--rev-id", "no-dashes"}), 2);
}

BOOST_AUTO_TEST_CASE(splice_starts_a_branch_from_a_revision_that_is_not_a_head) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"revision", "-m", "branch", "--head", "aaa111"}), 2);
    BOOST_TEST(header(create({"revision", "-m", "branch", "--head", "aaa111", "--splice"}), "Revises") == "aaa111");
}

BOOST_AUTO_TEST_CASE(merge_with_a_single_head_fails) {
    chain({"aaa111"});
    auto r = retort({"merge", "-m", "nothing"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "nothing to merge"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(reset, authoring)

BOOST_AUTO_TEST_CASE(reset_without_yes_refuses_says_what_it_would_do_and_changes_nothing) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    conn.execute("INSERT INTO t_aaa111 VALUES (1)");
    auto r = retort({"reset"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "reset would downgrade from bbb222 to base"), r.err);
    BOOST_TEST(contains(r.err, "Nothing was done"), r.err);
    BOOST_TEST(contains(r.err, "reset --yes"), r.err);
    BOOST_TEST(scalar("SELECT count(*) FROM t_aaa111") == "1");
}

BOOST_AUTO_TEST_CASE(reset_yes_downgrades_to_base_and_upgrades_to_head) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    conn.execute("INSERT INTO t_aaa111 VALUES (1)");
    CHECK_EXIT(retort({"reset", "--yes"}), 0);
    BOOST_TEST(scalar("SELECT count(*) FROM t_aaa111") == "0");
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(reset_yes_runs_the_seeds_after_upgrading) {
    chain({"aaa111"});
    fs::path seeds = tmp.path / "seeds";
    fs::create_directory(seeds);
    std::ofstream(seeds / "0001_rows.sql") << "-- one row\n-- Requires: aaa111\n\nINSERT INTO t_aaa111 VALUES (7);\n";
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto r = retort({"reset", "--yes", "--seeds", seeds.string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "Running seed 0001_rows.sql"), r.out);
    BOOST_TEST(scalar("SELECT count(*) FROM t_aaa111") == "1");
}

BOOST_AUTO_TEST_CASE(reset_drop_schema_recovers_a_database_whose_downgrades_are_broken) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE kept (id int);", "DROP TABLE no_such_table;");
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    conn.execute("INSERT INTO kept VALUES (1)");
    CHECK_EXIT(retort({"reset", "--yes"}), 1);
    auto r = retort({"reset", "--yes", "--drop-schema"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "Dropped and recreated schema public."), r.out);
    BOOST_TEST(scalar("SELECT count(*) FROM kept") == "0");
    CHECK_STRINGS(version_rows(), "aaa111");
    // PUBLIC keeps USAGE on the recreated schema, as PostgreSQL grants it by default.
    BOOST_TEST(scalar("SELECT has_schema_privilege('public', 'public', 'USAGE')") == "t");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(rollbacks, authoring)

BOOST_AUTO_TEST_CASE(an_irreversible_revision_stops_a_downgrade_before_any_change) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE t_bbb222 (id int);", std::nullopt);
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto r = retort({"downgrade", "base"});
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err, "bbb222"), r.err);
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(exists("t_ccc333"));
}

BOOST_AUTO_TEST_CASE(downgrade_minus_one_and_stamp_base) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    CHECK_EXIT(retort({"downgrade", "-1"}), 0);
    CHECK_STRINGS(version_rows(), "aaa111");
    BOOST_TEST(!exists("t_bbb222"));
    CHECK_EXIT(retort({"stamp", "base"}), 0);
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(exists("t_aaa111"));
}

BOOST_AUTO_TEST_SUITE_END()
