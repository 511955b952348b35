// The consistency check the fault tests rely on finds each kind of damage it claims to find, so that a
// fault test passing means the database was consistent, not that the check looked away.
#define BOOST_TEST_MODULE consistency_check_tests
#include <boost/test/unit_test.hpp>

#include <string>

#include "fault_setup.hpp"

namespace {

using namespace retort::testing;

// A database upgraded to head over a 40-revision history (one branch and its merge).
struct upgraded {
    fault_setup setup{{.count = 40}, "check"};
    upgraded() {
        const auto r = setup.run({"-q", "upgrade", "head"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    // The single problem found after `damage`, or every problem joined.
    std::string problem_after(const std::string& damage) {
        setup.conn.execute(damage);
        const auto c = setup.check(effects::follow_records);
        BOOST_REQUIRE(!c.problems.empty());
        return lines(c.problems);
    }
};

BOOST_FIXTURE_TEST_CASE(an_upgraded_database_is_consistent, upgraded) {
    const auto c = setup.check(effects::follow_records);
    BOOST_TEST(c.problems.empty(), lines(c.problems));
}

BOOST_FIXTURE_TEST_CASE(an_effect_without_its_record_is_found, upgraded) {
    const auto p = problem_after(
        "DELETE FROM alembic_version_history WHERE revision = 'r0039'; "
        "UPDATE alembic_version SET version_num = 'r0038'");
    BOOST_TEST(contains(p, "holding its table but not recorded: r0039"), p);
}

BOOST_FIXTURE_TEST_CASE(a_record_without_its_effect_is_found, upgraded) {
    const auto p = problem_after("ALTER TABLE fault_t_r0038 DROP COLUMN c_r0039");
    BOOST_TEST(contains(p, "recorded (not a base) but not holding its column: r0039"), p);
}

BOOST_FIXTURE_TEST_CASE(history_rows_the_version_rows_do_not_imply_are_found, upgraded) {
    const auto p = problem_after("UPDATE alembic_version SET version_num = 'r0037'");
    BOOST_TEST(contains(p, "recorded in the history but not implied by the version rows: r0038, r0039"), p);
}

BOOST_FIXTURE_TEST_CASE(an_unfinished_record_is_found, upgraded) {
    const auto p = problem_after("UPDATE alembic_version_history SET status = 'in_progress' WHERE revision = 'r0039'");
    BOOST_TEST(contains(p, "revision r0039 is recorded as in_progress"), p);
}

BOOST_FIXTURE_TEST_CASE(a_step_logged_without_its_effects_is_found, upgraded) {
    const auto p = problem_after(
        "INSERT INTO alembic_version_log (operation, revision, outcome, retort_version) "
        "VALUES ('downgrade', 'r0039', 'success', 'test')");
    BOOST_TEST(contains(p, "fault_events holds 40 steps and the log 41 successful steps"), p);
}

BOOST_FIXTURE_TEST_CASE(a_step_run_twice_is_found, upgraded) {
    const auto p = problem_after(
        "INSERT INTO alembic_version_log (operation, revision, outcome, retort_version) "
        "VALUES ('upgrade', 'r0039', 'success', 'test'); "
        "INSERT INTO fault_events (revision, operation) VALUES ('r0039', 'upgrade')");
    BOOST_TEST(contains(p, "(upgrade r0039): applied a second time"), p);
}

BOOST_FIXTURE_TEST_CASE(a_step_out_of_order_is_found, upgraded) {
    const auto p = problem_after(
        "UPDATE alembic_version_log SET id = -id WHERE revision = 'r0039'; "
        "UPDATE fault_events SET id = -id WHERE revision = 'r0039'");
    BOOST_TEST(contains(p, "(upgrade r0039): parent not applied"), p);
}

}  // namespace
