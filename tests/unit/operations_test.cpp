// The application's operations (migrate, stamp, check, seeds) on the in-memory store, without
// PostgreSQL: the fast path, planning under the lock, failures, resumes, single transactions,
// integrity refusals. tests/store/ holds the fake to the PostgreSQL store's behaviour.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "app/operations.hpp"
#include "inline_catalog.hpp"
#include "store/memory_store.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;
using strings = std::vector<std::string>;

const store_config config{"", "alembic_version", "test"};

std::vector<std::string> ids(const catalog& c, const std::vector<step>& steps) {
    std::vector<std::string> out;
    for (const auto& s : steps) out.emplace_back(c.revisions.at(s.revision).id);
    return out;
}

// a <- b <- c, each creating a table; `fail` makes statements that contain it fail with 22012.
struct fixture {
    inline_catalog revisions;
    memory_database db;
    memory_store store{db, config};
    migrate_options options;
    strings warnings;

    fixture() {
        revisions.revision("a", "", "CREATE TABLE ta (id int);", "DROP TABLE ta;")
            .revision("b", "a", "CREATE TABLE tb (id int);", "DROP TABLE tb;")
            .revision("c", "b", "CREATE TABLE tc (id int);\nSELECT 'FAIL_C';", "DROP TABLE tc;");
        options.on_warning = [this](std::string_view w) { warnings.emplace_back(w); };
    }

    void fail_on(std::string marker) {
        db.fail = [marker](std::string_view sql) -> std::optional<database_error::details> {
            if (sql.find(marker) == std::string_view::npos) return std::nullopt;
            return database_error::details{"22012", "division by zero", {}, {}, {}, 0};
        };
    }

    run_report run(strings targets, direction dir = direction::up) {
        session s(revisions.get(), store, options);
        run_report report;
        migrate(s, targets, dir, report);
        return report;
    }
    strings rows() const { return {db.rows.begin(), db.rows.end()}; }

    // The same revisions, with a's upgrade edited to `upgrade`.
    static void edited_a(inline_catalog& edited, std::string_view upgrade) {
        edited.revision("a", "", upgrade, "DROP TABLE ta;")
            .revision("b", "a", "CREATE TABLE tb (id int);", "DROP TABLE tb;")
            .revision("c", "b", "CREATE TABLE tc (id int);", "DROP TABLE tc;");
    }
};

#define CHECK_STRINGS(actual, ...) BOOST_TEST((actual) == (strings{__VA_ARGS__}), boost::test_tools::per_element())

}  // namespace

BOOST_FIXTURE_TEST_SUITE(operations, fixture)

BOOST_AUTO_TEST_CASE(an_upgrade_from_empty_applies_every_revision_in_order_under_the_lock) {
    auto report = run({"head"});
    CHECK_STRINGS(ids(revisions.get(), report.steps), "a", "b", "c");
    CHECK_STRINGS(rows(), "c");
    CHECK_STRINGS(db.executed, "CREATE TABLE ta (id int);", "CREATE TABLE tb (id int);", "CREATE TABLE tc (id int);",
                  "SELECT 'FAIL_C';");
    BOOST_TEST(db.locks_taken == 1U);
    BOOST_TEST(db.history.size() == 3U);
}

BOOST_AUTO_TEST_CASE(an_upgrade_of_an_up_to_date_database_costs_one_round_trip_and_takes_no_lock) {
    run({"head"});
    db.round_trips = 0;
    db.locks_taken = 0;
    auto report = run({"head"});
    BOOST_TEST(report.steps.empty());
    BOOST_TEST(db.round_trips == 1U);
    BOOST_TEST(db.locks_taken == 0U);
}

BOOST_AUTO_TEST_CASE(a_plan_is_made_again_when_another_session_migrated_while_this_one_waited) {
    run({"a"});
    // While this run waits for the lock, another one applies b: `+1` counts from where the database is now.
    db.on_lock = [this](memory_database& d) {
        d.on_lock = nullptr;
        memory_store other(d, config);
        session s(revisions.get(), other, options);
        run_report r;
        migrate(s, strings{"b"}, direction::up, r);
    };
    auto report = run({"+1"});
    CHECK_STRINGS(ids(revisions.get(), report.steps), "c");
    CHECK_STRINGS(rows(), "c");
}

BOOST_AUTO_TEST_CASE(a_failed_statement_logs_the_failure_at_file_line_and_keeps_the_steps_before_it) {
    fail_on("FAIL_C");
    session s(revisions.get(), store, options);
    run_report report;
    try {
        migrate(s, strings{"head"}, direction::up, report);
        BOOST_FAIL("expected a statement_error");
    } catch (const statement_error& e) {
        BOOST_TEST(e.revision() == "c");
        BOOST_TEST(e.file() == "migrations/c.sql");
        BOOST_TEST(e.line() == 7U);
        BOOST_TEST(e.sqlstate() == "22012");
        BOOST_TEST(std::string(e.what()).find("Nothing of revision c was applied or recorded") != std::string::npos);
    }
    CHECK_STRINGS(ids(revisions.get(), report.steps), "a", "b");
    CHECK_STRINGS(rows(), "b");
    BOOST_TEST(db.history.count("c") == 0U);
    BOOST_TEST(db.log.back().outcome == "failed");
    BOOST_TEST(db.log.back().detail == "migrations/c.sql:7: 22012: division by zero");
}

BOOST_AUTO_TEST_CASE(a_single_transaction_rolls_every_step_back_and_still_logs_the_failure) {
    fail_on("FAIL_C");
    options.single_transaction = true;
    session s(revisions.get(), store, options);
    run_report report;
    BOOST_CHECK_THROW(migrate(s, strings{"head"}, direction::up, report), statement_error);
    BOOST_TEST(report.steps.empty());
    BOOST_TEST(rows().empty());
    BOOST_TEST(db.history.empty());
    BOOST_TEST_REQUIRE(db.log.size() == 1U);
    BOOST_TEST(db.log.back().outcome == "failed");
}

BOOST_AUTO_TEST_CASE(a_non_transactional_revision_fails_where_it_stopped_and_resumes_from_there) {
    revisions.revision("n", "c", "CREATE INDEX CONCURRENTLY i1 ON tc (id);\nSELECT 'FAIL_N';", "DROP INDEX i1;", false);
    fail_on("FAIL_N");
    BOOST_CHECK_THROW(run({"head"}), statement_error);
    const auto& failed = db.history.at("n");
    BOOST_TEST(failed.record.status == "failed");
    BOOST_TEST(failed.statement_index.value_or(99) == 1U);
    BOOST_CHECK_THROW(run({"head"}), unfinished_revision_error);

    db.fail = nullptr;
    db.executed.clear();
    options.resume = true;
    auto report = run({"head"});
    CHECK_STRINGS(ids(revisions.get(), report.steps), "n");
    CHECK_STRINGS(db.executed, "SELECT 'FAIL_N';");
    BOOST_TEST(db.history.at("n").record.status == "applied");
    CHECK_STRINGS(rows(), "n");
}

BOOST_AUTO_TEST_CASE(a_database_at_a_revision_these_migrations_lack_is_refused_before_any_change) {
    db.tables = true;
    db.rows = {"zzz"};
    BOOST_CHECK_THROW(run({"head"}), integrity_error);
    BOOST_TEST(db.executed.empty());
    CHECK_STRINGS(rows(), "zzz");
}

BOOST_AUTO_TEST_CASE(an_edited_applied_revision_is_refused_or_with_warn_on_edit_reported) {
    run({"b"});
    inline_catalog edited;
    edited_a(edited, "CREATE TABLE ta (id int, x int);");
    run_report report;
    {
        session s(edited.get(), store, options);
        BOOST_CHECK_THROW(migrate(s, strings{"head"}, direction::up, report), integrity_error);
    }
    CHECK_STRINGS(rows(), "b");
    options.warn_on_edit = true;
    session s(edited.get(), store, options);
    migrate(s, strings{"head"}, direction::up, report);
    CHECK_STRINGS(rows(), "c");
    BOOST_TEST_REQUIRE(warnings.size() == 1U);
    BOOST_TEST(warnings[0].find("revision a (migrations/a.sql:2) was edited") != std::string::npos, warnings[0]);
}

BOOST_AUTO_TEST_CASE(a_downgrade_reverts_newest_first) {
    run({"head"});
    db.executed.clear();
    auto report = run({"a"}, direction::down);
    CHECK_STRINGS(ids(revisions.get(), report.steps), "c", "b");
    CHECK_STRINGS(db.executed, "DROP TABLE tc;", "DROP TABLE tb;");
    CHECK_STRINGS(rows(), "a");
    BOOST_TEST(db.history.size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_downgrade_through_an_irreversible_revision_is_refused_before_any_change) {
    revisions.revision("d", "c", "SELECT 1;", std::nullopt);
    run({"head"});
    db.executed.clear();
    BOOST_CHECK_THROW(run({"b"}, direction::down), state_error);
    BOOST_TEST(db.executed.empty());
    CHECK_STRINGS(rows(), "d");
}

BOOST_AUTO_TEST_CASE(a_stamp_sets_the_rows_without_running_anything_and_purge_starts_over) {
    session s(revisions.get(), store, options);
    auto report = stamp(s, strings{"b"}, false);
    CHECK_STRINGS(rows(), "b");
    BOOST_TEST(db.executed.empty());
    BOOST_TEST(db.history.at("a").record.status == "stamped");
    db.rows.insert("zzz");
    BOOST_CHECK_THROW(stamp(s, strings{"c"}, false), unknown_revisions_error);
    stamp(s, strings{"a"}, true);
    CHECK_STRINGS(rows(), "a");
    BOOST_TEST(db.history.size() == 1U);
}

BOOST_AUTO_TEST_CASE(check_reports_pending_revisions_and_the_executed_sql_of_an_edit) {
    run({"b"});
    inline_catalog edited;
    edited_a(edited, "CREATE TABLE ta (id bigint);");
    session s(edited.get(), store, options);
    db.round_trips = 0;
    auto report = check(s);
    BOOST_TEST(report.pending.size() == 1U);
    BOOST_TEST_REQUIRE(report.integrity.edited.size() == 1U);
    BOOST_TEST(report.executed_sql.at(0) == "CREATE TABLE ta (id int);");
    BOOST_TEST(db.round_trips == 3U);  // the state, the history, the executed SQL
    BOOST_TEST(db.locks_taken == 1U);  // only the upgrade above took it
}

BOOST_AUTO_TEST_CASE(seeds_run_once_and_again_after_the_revision_they_require_is_applied_again) {
    inline_catalog with_seeds;
    with_seeds.revision("a", "", "CREATE TABLE ta (id int);", "DROP TABLE ta;")
        .seed("0001_a.sql", "a", "INSERT INTO ta VALUES (1);")
        .seed("0002_any.sql", "", "SELECT 2;");
    session s(with_seeds.get(), store, options);
    run_report report;
    migrate(s, strings{"head"}, direction::up, report);
    auto first = run_seeds(s, {});
    BOOST_TEST((first.at(0).decision.verdict == seed_verdict::run_new));
    BOOST_TEST((first.at(1).decision.verdict == seed_verdict::run_new));

    db.round_trips = 0;
    db.locks_taken = 0;
    auto second = run_seeds(s, {});
    BOOST_TEST((second.at(0).decision.verdict == seed_verdict::applied));
    BOOST_TEST(db.round_trips == 2U);  // the state and the seed table
    BOOST_TEST(db.locks_taken == 0U);

    migrate(s, strings{"base"}, direction::down, report);
    migrate(s, strings{"head"}, direction::up, report);
    auto third = run_seeds(s, {});
    BOOST_TEST((third.at(0).decision.verdict == seed_verdict::run_reapplied));
    BOOST_TEST((third.at(1).decision.verdict == seed_verdict::applied));
}

BOOST_AUTO_TEST_CASE(accept_edit_records_the_new_checksums_with_the_reason) {
    run({"a"});
    inline_catalog edited;
    edited.revision("a", "", "CREATE TABLE ta (id bigint);", "DROP TABLE ta;");
    session s(edited.get(), store, options);
    BOOST_TEST(accept_edit(s, "a", "fixed by hand") == "a");
    BOOST_TEST(db.history.at("a").record.upgrade_checksum == edited.get().revisions.at(0).upgrade.sum.hex());
    BOOST_TEST(db.log.back().detail.ends_with("reason: fixed by hand"), db.log.back().detail);
    BOOST_CHECK_THROW(accept_edit(s, "a", "again"), state_error);
}

BOOST_AUTO_TEST_SUITE_END()
