// The migrator against a real server: order, bookkeeping, targets, branches, stamps, failures, schemas.
// Every case writes its own small revision directory and works on a database of its own.
#define BOOST_TEST_MODULE migrator_tests
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "directory/directory.hpp"
#include "pg_test_support.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/error.hpp"
#include "retort/migrator.hpp"
#include "revision_dir.hpp"

namespace {

namespace fs = std::filesystem;
using retort::connection;
using retort::testing::scratch_database;
using namespace retort::testing;

std::string create(const std::string& table) { return "CREATE TABLE " + table + " (id int);"; }

template <typename Error, typename Body>
std::string message_of(Body&& body) {
    try {
        body();
    } catch (const Error& e) {
        return e.what();
    }
    BOOST_FAIL("expected an exception, none was thrown");
    return {};
}

struct fixture {
    temp_dir dir;
    scratch_database db{"migrator"};
    connection conn = db.connect();
    retort::migrate_options options;

    strings column(const std::string& sql) {
        strings out;
        for (const auto& row : conn.query(sql).rows) out.push_back(row.at(0).value_or("<null>"));
        return out;
    }
    std::string scalar(const std::string& sql) {
        auto c = column(sql);
        BOOST_REQUIRE_EQUAL(c.size(), 1U);
        return c.front();
    }
    strings version_rows(const std::string& schema = "public") {
        return column("SELECT version_num FROM " + schema + ".alembic_version ORDER BY 1");
    }
    bool exists(const std::string& relation) {
        return scalar("SELECT to_regclass('" + relation + "') IS NOT NULL") == "t";
    }
    std::string count(const std::string& from_where) { return scalar("SELECT count(*) FROM " + from_where); }

    // Runs one migrator call on a session of its own (as the CLI does); returns the ids of the steps run.
    template <typename Call>
    strings run(Call&& call) {
        retort::catalog c = retort::load_directory_or_throw(dir.path);
        connection session = db.connect();
        retort::migrator m(c, session, options, "test-version");
        retort::run_report r = call(m);
        strings ids;
        for (const auto& s : r.steps) ids.emplace_back(c.revisions.at(s.revision).id);
        return ids;
    }
    strings upgrade(const strings& targets) {
        return run([&](retort::migrator& m) { return m.upgrade(targets); });
    }
    strings downgrade(const strings& targets) {
        return run([&](retort::migrator& m) { return m.downgrade(targets); });
    }
    strings stamp(const strings& targets, bool purge = false) {
        return run([&](retort::migrator& m) { return m.stamp(targets, purge); });
    }

    // A linear chain: r1 <- r2 <- ... each creating t_<id>.
    void chain(const strings& ids) {
        for (std::size_t i = 0; i < ids.size(); ++i)
            write_table_revision(dir.path, "0" + std::to_string(i + 1) + "_" + ids[i] + ".sql", ids[i],
                                 i == 0 ? strings{} : strings{ids[i - 1]});
    }
};

#define CHECK_STRINGS(actual, ...) BOOST_TEST((actual) == (strings{__VA_ARGS__}), boost::test_tools::per_element())

}  // namespace

BOOST_FIXTURE_TEST_SUITE(upgrade, fixture)

BOOST_AUTO_TEST_CASE(upgrade_head_from_empty_applies_all_in_dependency_order_and_records_each) {
    // File names deliberately out of dependency order.
    write_revision(dir.path, "01_c.sql", "ccc333", {"bbb222"}, "CREATE TABLE t3 (id int REFERENCES t2 (id));",
                   "DROP TABLE t3;");
    write_revision(dir.path, "02_a.sql", "aaa111", {}, "CREATE TABLE t1 (id int PRIMARY KEY);", "DROP TABLE t1;");
    write_revision(dir.path, "03_b.sql", "bbb222", {"aaa111"},
                   "CREATE TABLE t2 (id int PRIMARY KEY REFERENCES t1 (id));", "DROP TABLE t2;");

    CHECK_STRINGS(upgrade({"head"}), "aaa111", "bbb222", "ccc333");

    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(exists("t1"));
    BOOST_TEST(exists("t2"));
    BOOST_TEST(exists("t3"));

    retort::catalog c = retort::load_directory_or_throw(dir.path);
    auto history = conn.query(
        "SELECT revision, status, checksum_algorithm, upgrade_checksum, downgrade_checksum, upgrade_sql, applied_by, "
        "duration_ms IS NOT NULL AND duration_ms >= 0, retort_version FROM alembic_version_history ORDER BY revision");
    BOOST_REQUIRE_EQUAL(history.rows.size(), 3U);
    for (const auto& row : history.rows) {
        const auto& r = c.revisions.at(*c.revisions.find(*row[0]));
        BOOST_TEST_CONTEXT("revision " << *row[0]) {
            BOOST_TEST(row[1].value_or("") == "applied");
            BOOST_TEST(row[2].value_or("") == "1");
            BOOST_TEST(row[3].value_or("") == r.upgrade.sum.hex());
            BOOST_TEST(row[4].value_or("") == r.downgrade->sum.hex());
            BOOST_TEST(row[5].value_or("") == std::string(r.upgrade.sql));
            BOOST_TEST(row[6].value_or("") == "postgres");
            BOOST_TEST(row[7].value_or("") == "t");
            BOOST_TEST(row[8].value_or("") == "test-version");
        }
    }
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_log WHERE operation = 'upgrade' AND outcome = 'success' "
                         "ORDER BY id"),
                  "aaa111", "bbb222", "ccc333");
}

BOOST_AUTO_TEST_CASE(upgrade_when_already_at_head_is_a_no_op) {
    chain({"aaa111", "bbb222"});
    upgrade({"head"});
    const auto log_rows = count("alembic_version_log");
    const auto history = column("SELECT revision || applied_at FROM alembic_version_history ORDER BY 1");

    BOOST_TEST(upgrade({"head"}).empty());

    BOOST_TEST(count("alembic_version_log") == log_rows);
    BOOST_TEST(column("SELECT revision || applied_at FROM alembic_version_history ORDER BY 1") == history,
               boost::test_tools::per_element());
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(targets, fixture)

BOOST_AUTO_TEST_CASE(a_full_id_applies_up_to_that_revision) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    CHECK_STRINGS(upgrade({"abc002"}), "abc001", "abc002");
    CHECK_STRINGS(version_rows(), "abc002");
    BOOST_TEST(!exists("t_abd003"));
}

BOOST_AUTO_TEST_CASE(a_unique_prefix_names_its_revision) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    CHECK_STRINGS(upgrade({"abd"}), "abc001", "abc002", "abd003");
    CHECK_STRINGS(version_rows(), "abd003");
}

BOOST_AUTO_TEST_CASE(an_ambiguous_prefix_is_a_usage_error_listing_the_candidates) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    const auto what = message_of<retort::usage_error>([&] { upgrade({"abc"}); });
    BOOST_TEST(contains(what, "abc001"), what);
    BOOST_TEST(contains(what, "abc002"), what);
    BOOST_TEST(!exists("t_abc001"));
}

BOOST_AUTO_TEST_CASE(plus_n_and_minus_n_move_relative_to_the_current_revision) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    CHECK_STRINGS(upgrade({"+2"}), "abc001", "abc002");
    CHECK_STRINGS(upgrade({"+1"}), "abd003");
    CHECK_STRINGS(version_rows(), "abd003");
    CHECK_STRINGS(downgrade({"-2"}), "abd003", "abc002");
    CHECK_STRINGS(version_rows(), "abc001");
    BOOST_TEST(!exists("t_abc002"));
    BOOST_TEST(exists("t_abc001"));
}

BOOST_AUTO_TEST_CASE(rev_plus_n_counts_up_from_the_named_revision) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    CHECK_STRINGS(upgrade({"abc001+2"}), "abc001", "abc002", "abd003");
    CHECK_STRINGS(version_rows(), "abd003");
}

BOOST_AUTO_TEST_CASE(rev_minus_n_counts_down_from_the_named_revision) {
    chain({"abc001", "abc002", "abd003", "b00004"});
    upgrade({"head"});
    CHECK_STRINGS(downgrade({"b00004-2"}), "b00004", "abd003");
    CHECK_STRINGS(version_rows(), "abc002");
}

// r0 <- a1 (alpha) <- a2 ;  r0 <- b1 (beta) <- b2
struct labelled : fixture {
    labelled() {
        write_table_revision(dir.path, "1_r0.sql", "r0", {});
        write_table_revision(dir.path, "2_a1.sql", "a1", {"r0"}, {"Branch Labels: alpha"});
        write_table_revision(dir.path, "3_a2.sql", "a2", {"a1"});
        write_table_revision(dir.path, "4_b1.sql", "b1", {"r0"}, {"Branch Labels: beta"});
        write_table_revision(dir.path, "5_b2.sql", "b2", {"b1"});
    }
};

BOOST_FIXTURE_TEST_CASE(label_at_head_applies_only_that_branch, labelled) {
    CHECK_STRINGS(upgrade({"alpha@head"}), "r0", "a1", "a2");
    CHECK_STRINGS(version_rows(), "a2");
    BOOST_TEST(!exists("t_b1"));
}

BOOST_FIXTURE_TEST_CASE(label_at_plus_one_moves_that_branch_one_step, labelled) {
    upgrade({"b1"});
    upgrade({"a1"});
    CHECK_STRINGS(version_rows(), "a1", "b1");
    CHECK_STRINGS(upgrade({"beta@+1"}), "b2");
    CHECK_STRINGS(version_rows(), "a1", "b2");
    BOOST_TEST(!exists("t_a2"));
}

BOOST_FIXTURE_TEST_CASE(several_targets_at_once_are_all_reached, labelled) {
    upgrade({"a1", "b2"});
    CHECK_STRINGS(version_rows(), "a1", "b2");
    BOOST_TEST(!exists("t_a2"));
    BOOST_TEST(count("alembic_version_history") == "4");
}

BOOST_FIXTURE_TEST_CASE(heads_applies_every_branch, labelled) {
    BOOST_TEST(upgrade({"heads"}).size() == 5U);
    CHECK_STRINGS(version_rows(), "a2", "b2");
}

BOOST_FIXTURE_TEST_CASE(head_with_two_heads_fails_saying_to_use_heads_or_name_one, labelled) {
    const auto what = message_of<retort::usage_error>([&] { upgrade({"head"}); });
    BOOST_TEST(contains(what, "heads"), what);
    BOOST_TEST(contains(what, "a2"), what);
    BOOST_TEST(contains(what, "b2"), what);
    BOOST_TEST(!exists("t_r0"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
// r0 <- a1 <- a2 ;  r0 <- b1 ;  m merges a2 and b1
struct branched : fixture {
    branched() {
        write_table_revision(dir.path, "1_r0.sql", "r0", {});
        write_table_revision(dir.path, "2_a1.sql", "a1", {"r0"});
        write_table_revision(dir.path, "3_a2.sql", "a2", {"a1"});
        write_table_revision(dir.path, "4_b1.sql", "b1", {"r0"});
        write_table_revision(dir.path, "5_m.sql", "m", {"a2", "b1"});
    }
};

BOOST_FIXTURE_TEST_SUITE(branches_and_merges, branched)

BOOST_AUTO_TEST_CASE(both_branches_applied_leave_one_version_row_per_branch) {
    upgrade({"a2", "b1"});
    CHECK_STRINGS(version_rows(), "a2", "b1");
}

BOOST_AUTO_TEST_CASE(the_merge_revision_leaves_a_single_version_row) {
    upgrade({"a2", "b1"});
    CHECK_STRINGS(upgrade({"m"}), "m");
    CHECK_STRINGS(version_rows(), "m");
}

BOOST_AUTO_TEST_CASE(downgrading_the_merge_gives_two_version_rows_again) {
    upgrade({"head"});
    CHECK_STRINGS(version_rows(), "m");
    CHECK_STRINGS(downgrade({"a2", "b1"}), "m");
    CHECK_STRINGS(version_rows(), "a2", "b1");
    BOOST_TEST(!exists("t_m"));
}

BOOST_AUTO_TEST_CASE(minus_one_at_a_merge_is_refused_as_an_ambiguous_walk_as_alembic_does) {
    upgrade({"head"});
    BOOST_CHECK_THROW(downgrade({"-1"}), retort::usage_error);
    CHECK_STRINGS(version_rows(), "m");
}

BOOST_AUTO_TEST_CASE(downgrading_one_branch_leaves_the_other_branch_applied) {
    upgrade({"a2", "b1"});
    CHECK_STRINGS(downgrade({"a1"}), "a2");
    CHECK_STRINGS(version_rows(), "a1", "b1");
    BOOST_TEST(!exists("t_a2"));
    BOOST_TEST(exists("t_a1"));
    BOOST_TEST(exists("t_b1"));
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_history ORDER BY 1"), "a1", "b1", "r0");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
// r0 <- a1 (alpha) <- a2 ;  r0 <- b1 (beta) <- b2, and b2 depends on a2
struct depending : fixture {
    depending() {
        write_table_revision(dir.path, "1_r0.sql", "r0", {});
        write_table_revision(dir.path, "2_a1.sql", "a1", {"r0"}, {"Branch Labels: alpha"});
        write_revision(dir.path, "3_a2.sql", "a2", {"a1"}, "CREATE TABLE t_a2 (id int PRIMARY KEY);",
                       "DROP TABLE t_a2;");
        write_table_revision(dir.path, "4_b1.sql", "b1", {"r0"}, {"Branch Labels: beta"});
        write_revision(dir.path, "5_b2.sql", "b2", {"b1"}, "CREATE TABLE t_b2 (id int REFERENCES t_a2 (id));",
                       "DROP TABLE t_b2;", {"Depends On: a2"});
    }
};

BOOST_FIXTURE_TEST_SUITE(depends_on, depending)

BOOST_AUTO_TEST_CASE(upgrading_a_branch_applies_what_it_depends_on_first) {
    const auto steps = upgrade({"beta@head"});
    BOOST_TEST(steps.size() == 5U);
    auto at = [&](const std::string& id) { return std::find(steps.begin(), steps.end(), id) - steps.begin(); };
    BOOST_TEST(at("a1") < at("a2"));
    BOOST_TEST(at("a2") < at("b2"));
    BOOST_TEST(at("b1") < at("b2"));
    BOOST_TEST(exists("t_b2"));
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_history WHERE status = 'applied' ORDER BY 1"), "a1",
                  "a2", "b1", "b2", "r0");
}

BOOST_AUTO_TEST_CASE(downgrading_a_revision_also_downgrades_its_dependents) {
    upgrade({"beta@head"});
    const auto steps = downgrade({"a1"});
    CHECK_STRINGS(steps, "b2", "a2");
    BOOST_TEST(!exists("t_a2"));
    BOOST_TEST(!exists("t_b2"));
    BOOST_TEST(exists("t_b1"));
    CHECK_STRINGS(version_rows(), "a1", "b1");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(stamp, fixture)

BOOST_AUTO_TEST_CASE(stamp_sets_the_version_rows_without_running_sql) {
    chain({"aaa111", "bbb222"});
    stamp({"bbb222"});
    CHECK_STRINGS(version_rows(), "bbb222");
    BOOST_TEST(!exists("t_aaa111"));
    BOOST_TEST(!exists("t_bbb222"));
    CHECK_STRINGS(column("SELECT revision || ' ' || status FROM alembic_version_history ORDER BY 1"), "aaa111 stamped",
                  "bbb222 stamped");
}

BOOST_AUTO_TEST_CASE(stamp_purge_empties_the_version_table_first) {
    chain({"aaa111", "bbb222"});
    stamp({"aaa111"});
    conn.execute("INSERT INTO alembic_version VALUES ('unknown999')");
    BOOST_CHECK_THROW(stamp({"bbb222"}), retort::error);  // without --purge an unknown row is refused
    stamp({"bbb222"}, true);
    CHECK_STRINGS(version_rows(), "bbb222");
    BOOST_TEST(!exists("t_bbb222"));
}

BOOST_AUTO_TEST_CASE(stamp_base_empties_the_version_table) {
    chain({"aaa111", "bbb222"});
    upgrade({"head"});
    stamp({"base"});
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(exists("t_bbb222"));  // no SQL ran
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(downgrade, fixture)

BOOST_AUTO_TEST_CASE(downgrade_base_removes_everything) {
    chain({"aaa111", "bbb222", "ccc333"});
    upgrade({"head"});
    CHECK_STRINGS(downgrade({"base"}), "ccc333", "bbb222", "aaa111");
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(count("alembic_version_history") == "0");
    BOOST_TEST(!exists("t_aaa111"));
    BOOST_TEST(count("alembic_version_log WHERE operation = 'downgrade' AND outcome = 'success'") == "3");
}

BOOST_AUTO_TEST_CASE(downgrade_through_an_irreversible_revision_fails_before_any_change_naming_it) {
    write_table_revision(dir.path, "1.sql", "aaa111", {});
    write_revision(dir.path, "2.sql", "bbb222", {"aaa111"}, create("t_bbb222"), std::nullopt);
    write_table_revision(dir.path, "3.sql", "ccc333", {"bbb222"});
    upgrade({"head"});
    const auto what = message_of<retort::error>([&] { downgrade({"base"}); });
    BOOST_TEST(contains(what, "bbb222"), what);
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(exists("t_ccc333"));  // not even the revision above it was downgraded
    BOOST_TEST(count("alembic_version_history") == "3");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(failures, fixture)

BOOST_AUTO_TEST_CASE(a_failing_statement_keeps_earlier_revisions_and_nothing_of_its_own) {
    write_table_revision(dir.path, "1.sql", "aaa111", {});
    write_table_revision(dir.path, "2.sql", "bbb222", {"aaa111"});
    const auto first = write_revision(dir.path, "3.sql", "ccc333", {"bbb222"},
                                      "CREATE TABLE t_ccc333 (id int);\n\nINSERT INTO no_such_table VALUES (1);",
                                      "DROP TABLE t_ccc333;");
    write_table_revision(dir.path, "4.sql", "ddd444", {"ccc333"});
    write_table_revision(dir.path, "5.sql", "eee555", {"ddd444"});
    try {
        upgrade({"head"});
        BOOST_FAIL("the upgrade should have failed");
    } catch (const retort::migration_error& e) {
        const std::string what = e.what();
        BOOST_TEST(e.revision() == "ccc333");
        BOOST_TEST(e.line() == first + 2);
        BOOST_TEST(e.sqlstate() == "42P01");
        BOOST_TEST(contains(what, "3.sql:" + std::to_string(first + 2)), what);
        BOOST_TEST(contains(what, "ccc333"), what);
        BOOST_TEST(contains(what, "42P01"), what);
    }
    CHECK_STRINGS(version_rows(), "bbb222");
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_history ORDER BY 1"), "aaa111", "bbb222");
    BOOST_TEST(!exists("t_ccc333"));
    BOOST_TEST(exists("t_bbb222"));
    BOOST_TEST(count("alembic_version_log WHERE revision = 'ccc333' AND outcome = 'failed'") == "1");
}

BOOST_AUTO_TEST_CASE(a_non_transactional_revision_with_create_index_concurrently_succeeds) {
    write_table_revision(dir.path, "1.sql", "aaa111", {});
    write_revision(dir.path, "2.sql", "bbb222", {"aaa111"}, "CREATE INDEX CONCURRENTLY t_idx ON t_aaa111 (id);",
                   "DROP INDEX CONCURRENTLY t_idx;", {"Transactional: false"});
    CHECK_STRINGS(upgrade({"head"}), "aaa111", "bbb222");
    BOOST_TEST(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_idx'::regclass") == "t");
    BOOST_TEST(scalar("SELECT status FROM alembic_version_history WHERE revision = 'bbb222'") == "applied");
    CHECK_STRINGS(version_rows(), "bbb222");
}

struct non_transactional_failure : fixture {
    std::uint32_t first_line = 0;
    non_transactional_failure() {
        write_table_revision(dir.path, "1.sql", "aaa111", {});
        first_line = write_revision(dir.path, "2.sql", "bbb222", {"aaa111"},
                                    "CREATE INDEX CONCURRENTLY t_idx ON t_aaa111 (id);\n"
                                    "CREATE INDEX CONCURRENTLY m_idx ON missing (id);\n"
                                    "CREATE TABLE after_resume (id int);",
                                    std::nullopt, {"Transactional: false"});
    }
};

BOOST_FIXTURE_TEST_CASE(a_failed_non_transactional_revision_is_recorded_as_failed_at_its_statement,
                        non_transactional_failure) {
    BOOST_CHECK_THROW(upgrade({"head"}), retort::migration_error);
    auto h = conn.query(
        "SELECT status, statement_index, failed_line FROM alembic_version_history WHERE revision = "
        "'bbb222'");
    BOOST_REQUIRE_EQUAL(h.rows.size(), 1U);
    BOOST_TEST(h.rows[0][0].value_or("") == "failed");
    BOOST_TEST(h.rows[0][1].value_or("") == "1");
    BOOST_TEST(h.rows[0][2].value_or("") == std::to_string(first_line + 1));
    BOOST_TEST(exists("t_idx"));  // its first statement stays applied
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_FIXTURE_TEST_CASE(the_next_upgrade_refuses_while_a_revision_is_unfinished, non_transactional_failure) {
    BOOST_CHECK_THROW(upgrade({"head"}), retort::migration_error);
    const auto what = message_of<retort::unfinished_revision_error>([&] { upgrade({"head"}); });
    BOOST_TEST(contains(what, "bbb222"), what);
}

BOOST_FIXTURE_TEST_CASE(resume_continues_from_the_failed_statement_after_the_cause_is_fixed,
                        non_transactional_failure) {
    BOOST_CHECK_THROW(upgrade({"head"}), retort::migration_error);
    conn.execute("CREATE TABLE missing (id int)");
    options.resume = true;
    CHECK_STRINGS(upgrade({"head"}), "bbb222");
    BOOST_TEST(exists("m_idx"));
    BOOST_TEST(exists("after_resume"));
    BOOST_TEST(scalar("SELECT status FROM alembic_version_history WHERE revision = 'bbb222'") == "applied");
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(single_transaction_failure_rolls_back_everything) {
    write_table_revision(dir.path, "1.sql", "aaa111", {});
    write_table_revision(dir.path, "2.sql", "bbb222", {"aaa111"});
    write_revision(dir.path, "3.sql", "ccc333", {"bbb222"}, "SELECT 1/0;", "SELECT 1;");
    options.single_transaction = true;
    BOOST_CHECK_THROW(upgrade({"head"}), retort::migration_error);
    BOOST_TEST(!exists("t_aaa111"));
    BOOST_TEST(!exists("t_bbb222"));
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(count("alembic_version_history") == "0");
    BOOST_TEST(count("alembic_version_log WHERE outcome = 'success'") == "0");
}

BOOST_AUTO_TEST_CASE(single_transaction_success_records_every_revision) {
    chain({"aaa111", "bbb222", "ccc333"});
    options.single_transaction = true;
    CHECK_STRINGS(upgrade({"head"}), "aaa111", "bbb222", "ccc333");
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(count("alembic_version_history WHERE status = 'applied'") == "3");
    BOOST_TEST(exists("t_ccc333"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(schemas, fixture)

BOOST_AUTO_TEST_CASE(schema_keeps_the_tables_there_and_runs_revisions_with_that_search_path) {
    chain({"aaa111", "bbb222"});
    options.schema = "app";
    upgrade({"head"});
    BOOST_TEST(exists("app.alembic_version"));
    BOOST_TEST(exists("app.alembic_version_history"));
    BOOST_TEST(exists("app.alembic_version_log"));
    BOOST_TEST(!exists("public.alembic_version"));
    BOOST_TEST(exists("app.t_aaa111"));
    BOOST_TEST(!exists("public.t_aaa111"));
    CHECK_STRINGS(version_rows("app"), "bbb222");
}

BOOST_AUTO_TEST_CASE(two_schemas_in_one_database_hold_independent_states) {
    chain({"aaa111", "bbb222"});
    options.schema = "one";
    upgrade({"head"});
    options.schema = "two";
    upgrade({"aaa111"});
    CHECK_STRINGS(version_rows("one"), "bbb222");
    CHECK_STRINGS(version_rows("two"), "aaa111");
    BOOST_TEST(exists("one.t_bbb222"));
    BOOST_TEST(exists("two.t_aaa111"));
    BOOST_TEST(!exists("two.t_bbb222"));
    options.schema = "two";
    CHECK_STRINGS(upgrade({"head"}), "bbb222");
}

BOOST_AUTO_TEST_SUITE_END()

// The one-query start: the fingerprint the state query computes on the server must equal the one the
// binary computes, whatever the mix of applied, stamped and downgraded revisions.
BOOST_FIXTURE_TEST_SUITE(integrity_fingerprint, fixture)

BOOST_AUTO_TEST_CASE(the_server_fingerprint_equals_the_binary_one_after_upgrade_stamp_and_downgrade) {
    chain({"a1", "b2", "c3", "d4"});
    auto same_fingerprint = [&] {
        retort::catalog c = retort::load_directory_or_throw(dir.path);
        connection session = db.connect();
        auto state = retort::migrator(c, session, options, "test-version").read_state();
        BOOST_REQUIRE(state.applied);
        return state.history_fingerprint == retort::applied_fingerprint(c.revisions, state.applied->applied);
    };
    upgrade({"b2"});
    BOOST_TEST(same_fingerprint());
    stamp({"d4"});
    BOOST_TEST(same_fingerprint());
    stamp({"b2"});
    BOOST_TEST(same_fingerprint());
    downgrade({"a1"});
    BOOST_TEST(same_fingerprint());
}

BOOST_AUTO_TEST_CASE(check_of_an_unedited_database_reads_no_history) {
    chain({"a1", "b2"});
    upgrade({"head"});
    retort::catalog c = retort::load_directory_or_throw(dir.path);
    connection session = db.connect();
    auto report = retort::migrator(c, session, options, "test-version").check();
    BOOST_TEST(report.integrity.clean());
    BOOST_TEST(report.pending.empty());
    BOOST_TEST(report.integrity.unrecorded.empty());
}

BOOST_AUTO_TEST_SUITE_END()

// PostgreSQL's own limits for the migrating session (--pg-lock-timeout, --pg-statement-timeout).
BOOST_FIXTURE_TEST_SUITE(server_limits, fixture)

BOOST_AUTO_TEST_CASE(a_revision_waiting_on_a_held_table_lock_obeys_the_lock_timeout_and_records_nothing) {
    write_revision(dir.path, "1_a.sql", "a1", {}, "CREATE TABLE held (id int);", "DROP TABLE held;");
    upgrade({"head"});
    write_revision(dir.path, "2_b.sql", "b2", {"a1"}, "ALTER TABLE held ADD COLUMN x int;", "SELECT 1;");
    connection holder = db.connect();
    holder.execute("BEGIN");
    holder.execute("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
    options.pg_lock_timeout = std::chrono::milliseconds(200);
    auto what = message_of<retort::migration_error>([&] { upgrade({"head"}); });
    BOOST_TEST(what.find("55P03") != std::string::npos, what);
    BOOST_TEST(what.find("--pg-lock-timeout (200 ms)") != std::string::npos, what);
    holder.execute("ROLLBACK");
    CHECK_STRINGS(version_rows(), "a1");
    BOOST_TEST(count("alembic_version_history WHERE revision = 'b2'") == "0");
}

BOOST_AUTO_TEST_CASE(a_revision_running_too_long_obeys_the_statement_timeout) {
    write_revision(dir.path, "1_a.sql", "a1", {}, "SELECT pg_sleep(5);", "SELECT 1;");
    options.pg_statement_timeout = std::chrono::milliseconds(200);
    auto what = message_of<retort::migration_error>([&] { upgrade({"head"}); });
    BOOST_TEST(what.find("57014") != std::string::npos, what);
    BOOST_TEST(what.find("--pg-statement-timeout (200 ms)") != std::string::npos, what);
    BOOST_TEST(exists("alembic_version"));
    BOOST_TEST(version_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()

// A failed CREATE INDEX CONCURRENTLY leaves an invalid index; the runtime says so and --resume repairs it.
BOOST_FIXTURE_TEST_SUITE(invalid_indexes, fixture)

BOOST_AUTO_TEST_CASE(a_failed_concurrent_build_is_reported_and_resume_rebuilds_the_index) {
    write_revision(dir.path, "1_a.sql", "a1", {}, "CREATE TABLE dup (x int);\nINSERT INTO dup VALUES (1), (1);",
                   "DROP TABLE dup;");
    write_revision(dir.path, "2_b.sql", "b2", {"a1"}, "CREATE UNIQUE INDEX CONCURRENTLY dup_x ON dup (x);",
                   "DROP INDEX CONCURRENTLY dup_x;", {"Transactional: false"});
    auto what = message_of<retort::migration_error>([&] { upgrade({"head"}); });
    BOOST_TEST(what.find("23505") != std::string::npos, what);
    BOOST_TEST(what.find("left the invalid index dup_x behind") != std::string::npos, what);
    BOOST_TEST(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_x'::regclass") == "f");
    conn.execute("DELETE FROM dup WHERE ctid <> (SELECT min(ctid) FROM dup)");
    std::string warnings;
    options.resume = true;
    options.on_warning = [&](std::string_view w) { warnings += std::string(w) + "\n"; };
    upgrade({"head"});
    BOOST_TEST(warnings.find("dropped the invalid index dup_x") != std::string::npos, warnings);
    BOOST_TEST(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_x'::regclass") == "t");
    CHECK_STRINGS(version_rows(), "b2");
}

BOOST_AUTO_TEST_SUITE_END()
