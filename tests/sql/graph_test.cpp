// Specifies what the rules know from the revision graph: new tables are the ones created earlier in the
// same revision, tables of earlier revisions exist, downgrades may undo their own upgrade, and released
// (locked) revisions are parsed but not linted unless asked.
#include <boost/test/unit_test.hpp>

#include "lint_fixture.hpp"

using retort::testing::contains;
using retort::testing::listing;
using retort::testing::of_rule;
using retort::testing::project;
using retort::testing::with_base;

BOOST_AUTO_TEST_SUITE(graph_knowledge)

BOOST_AUTO_TEST_CASE(a_table_created_by_an_earlier_unreleased_revision_exists) {
    project p;
    p.add({"a", "", "CREATE TABLE t (x int);", {}, true, {}});
    p.add({"b", "a", "CREATE INDEX t_x ON t (x);", {}, true, {}});
    auto report = p.check();
    auto found = of_rule(report, "index-not-concurrent");
    BOOST_TEST_REQUIRE(found.size() == 1U, listing(report));
    BOOST_TEST(found.front().revision == "b");
}

BOOST_AUTO_TEST_CASE(a_table_created_earlier_in_the_same_revision_is_new) {
    project p;
    p.add({"a",
           "",
           "CREATE TABLE t (x int);\nCREATE INDEX t_x ON t (x);\nALTER TABLE t ALTER x SET NOT NULL;",
           {},
           true,
           {}});
    BOOST_TEST(p.check().findings.size() == 0U);
}

BOOST_AUTO_TEST_CASE(a_table_renamed_from_a_new_one_stays_new) {
    auto report = with_base()
                      .add({"change",
                            "base0",
                            "CREATE TABLE t (x int);\nALTER TABLE t RENAME TO u;\nCREATE INDEX u_x ON u (x);",
                            {},
                            true,
                            {}})
                      .check();
    BOOST_TEST(of_rule(report, "index-not-concurrent").empty(), listing(report));
    BOOST_TEST(of_rule(report, "rename-table").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(a_table_dropped_and_created_again_in_the_same_revision_is_new) {
    auto report = with_base()
                      .add({"change",
                            "base0",
                            "-- retort:allow drop-table the items are rebuilt from users\nDROP TABLE items;\n"
                            "CREATE TABLE items (id bigint);\nCREATE INDEX items_id ON items (id);",
                            {},
                            true,
                            {}})
                      .check();
    BOOST_TEST(of_rule(report, "index-not-concurrent").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(create_table_if_not_exists_of_an_existing_table_creates_nothing_new) {
    auto report = with_base()
                      .add({"change",
                            "base0",
                            "CREATE TABLE IF NOT EXISTS users (id bigint);\nCREATE INDEX u ON users (id);",
                            {},
                            true,
                            {}})
                      .check();
    BOOST_TEST(of_rule(report, "index-not-concurrent").size() == 1U, listing(report));
}

BOOST_AUTO_TEST_CASE(a_downgrade_that_undoes_its_upgrade_is_not_data_loss) {
    auto report = with_base()
                      .add({"change",
                            "base0",
                            "CREATE TABLE tags (id bigint);\nALTER TABLE users ADD COLUMN nick text;\n"
                            "ALTER TABLE items RENAME COLUMN title TO heading;",
                            "ALTER TABLE items RENAME COLUMN heading TO title;\nALTER TABLE users DROP COLUMN nick;\n"
                            "DROP TABLE tags;",
                            true,
                            {}})
                      .check();
    for (const auto* rule : {"drop-table", "drop-column", "rename-column"}) {
        for (const auto& f : of_rule(report, rule))
            BOOST_TEST(f.line < 10U, "the downgrade was flagged: " << listing(report));
    }
    BOOST_TEST(of_rule(report, "drop-table").empty(), listing(report));
    BOOST_TEST(of_rule(report, "drop-column").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(a_downgrade_that_drops_what_it_did_not_create_is_data_loss) {
    auto report = with_base().add({"change", "base0", "SELECT 1;", "DROP TABLE items;", true, {}}).check();
    BOOST_TEST(of_rule(report, "drop-table").size() == 1U, listing(report));
}

BOOST_AUTO_TEST_CASE(locked_revisions_are_parsed_but_not_linted) {
    project p;
    p.add({"a", "", "CREATE TABLE t (x int);", {}, true, {}});
    p.add({"b", "a", "CREATE INDEX t_x ON t (x);", {}, true, {}}).lock("a").lock("b");
    BOOST_TEST(p.check().findings.empty());
    retort::sql::check_options all;
    all.lint_locked = true;
    BOOST_TEST(of_rule(p.check(all), "index-not-concurrent").size() == 1U);
}

BOOST_AUTO_TEST_CASE(locked_revisions_still_fail_on_syntax_errors_with_the_file_opt_out_as_advice) {
    project p;
    p.add({"a", "", "CREAT TABLE t (x int);", {}, true, {}}).lock("a");
    auto errors = of_rule(p.check(), "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U);
    BOOST_TEST(contains(errors.front().message, "retort:no-parse-file"));
    BOOST_TEST(contains(errors.front().message, "locked"));
}

BOOST_AUTO_TEST_CASE(a_table_created_by_a_statement_the_parser_skipped_is_still_new) {
    auto report =
        with_base()
            .add({"change",
                  "base0",
                  "-- retort:no-parse PostgreSQL 16: a subquery without an alias\n"
                  "CREATE TABLE totals AS SELECT * FROM (SELECT 1 AS n);\nCREATE INDEX totals_n ON totals (n);",
                  {},
                  true,
                  {}})
            .check();
    BOOST_TEST(of_rule(report, "index-not-concurrent").empty(), listing(report));
    BOOST_TEST(of_rule(report, "syntax-error").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(the_model_follows_renamed_tables_and_columns_across_revisions) {
    project p;
    p.add({"a", "", "CREATE TABLE t (name varchar(20));", {}, true, {}}).lock("a");
    p.add({"b", "a", "ALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME COLUMN name TO label;", {}, true, {}}).lock("b");
    p.add({"c", "b", "ALTER TABLE u ALTER COLUMN label TYPE varchar(40);", {}, true, {}});
    auto report = p.check();
    BOOST_TEST(of_rule(report, "column-type-change").empty(), listing(report));
}

BOOST_AUTO_TEST_SUITE_END()
