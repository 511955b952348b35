// Races: 16 processes migrate one database at once. The migration lock serialises them: every revision
// is applied exactly once, the steps of all processes form one valid sequence, and no process fails
// except, when given a short --lock-timeout, with exit code 4 (lock timeout) and no change made.
#define BOOST_TEST_MODULE race_tests
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "fault_setup.hpp"

namespace {

using namespace retort::testing;

constexpr std::size_t processes = 16;

// The 16 command lines of a mixed race: every one of them succeeds whatever state it finds, so any
// failure is retort's (downgrade to a revision would fail when another process left it unapplied).
std::vector<strings> mixed_commands() {
    std::vector<strings> out;
    for (int i = 0; i < 5; ++i) out.push_back({"upgrade", "head"});
    for (int i = 0; i < 2; ++i) out.push_back({"upgrade", "r0120"});
    out.push_back({"upgrade", "heads"});
    for (int i = 0; i < 3; ++i) out.push_back({"downgrade", "base"});
    for (int i = 0; i < 2; ++i) out.push_back({"stamp", "r0100"});
    for (int i = 0; i < 2; ++i) out.push_back({"stamp", "head"});
    out.push_back({"stamp", "base"});
    return out;
}

// Starts every command at once and waits for all of them.
std::vector<process_result> race(const fault_setup& setup, const std::vector<strings>& commands,
                                 const strings& extra = {}) {
    std::vector<child_process> children;
    for (auto args : commands) {
        args.insert(args.end(), extra.begin(), extra.end());
        children.push_back(setup.start(args));
    }
    std::vector<process_result> results;
    for (auto& c : children) results.push_back(c.wait());
    return results;
}

std::string describe(const strings& args, const process_result& r) {
    std::string out;
    for (const auto& a : args) out += a + " ";
    return out + "exited " + std::to_string(r.status) + ": " + r.err;
}

BOOST_AUTO_TEST_CASE(sixteen_upgrades_at_once_apply_every_revision_exactly_once) {
    fault_setup setup({.count = 240}, "race_up");
    const std::vector<strings> commands(processes, strings{"upgrade", "head"});
    const auto results = race(setup, commands);
    for (std::size_t i = 0; i < processes; ++i)
        BOOST_CHECK_MESSAGE(results[i].status == 0, describe(commands[i], results[i]));

    const auto c = setup.check(effects::follow_records);
    BOOST_CHECK_MESSAGE(c.problems.empty(), lines(c.problems));
    BOOST_CHECK(c.recorded() == setup.history.ids());
    std::map<std::string, int> upgrades;
    for (const auto& [revision, operation] : c.snapshot.events) upgrades[revision] += operation == "upgrade";
    BOOST_CHECK_EQUAL(c.snapshot.events.size(), setup.history.revisions().size());
    BOOST_CHECK(std::all_of(upgrades.begin(), upgrades.end(), [](const auto& u) { return u.second == 1; }));
}

BOOST_AUTO_TEST_CASE(upgrades_downgrades_and_stamps_at_once_form_one_valid_sequence) {
    fault_setup setup({.count = 240, .idempotent = true}, "race_mix");
    const auto commands = mixed_commands();
    const auto results = race(setup, commands);
    for (std::size_t i = 0; i < commands.size(); ++i)
        BOOST_CHECK_MESSAGE(results[i].status == 0, describe(commands[i], results[i]));

    // Stamps record without running SQL, so effects need not follow the records here; the log must still
    // replay as one sequence and match fault_events step for step.
    const auto c = setup.check(effects::unchecked);
    BOOST_CHECK_MESSAGE(c.problems.empty(), lines(c.problems));
    std::map<std::string, int> steps;
    for (const auto& e : c.snapshot.log) ++steps[e.operation];
    BOOST_TEST_MESSAGE("the race logged " << steps["upgrade"] << " upgrade steps, " << steps["downgrade"]
                                          << " downgrade steps and " << steps["stamp"] << " stamps");

    // Whatever the race left, the database can still go to head and back to base, effects and all.
    BOOST_REQUIRE_EQUAL(setup.run({"upgrade", "head"}).status, 0);
    BOOST_REQUIRE_EQUAL(setup.run({"downgrade", "base"}).status, 0);
    const auto after = setup.check(effects::follow_records);
    BOOST_CHECK_MESSAGE(after.problems.empty(), lines(after.problems));
}

BOOST_AUTO_TEST_CASE(with_a_short_lock_timeout_waiting_processes_exit_4_and_change_nothing) {
    fault_setup setup({.count = 240, .idempotent = true}, "race_timeout");
    const auto commands = mixed_commands();
    const auto results = race(setup, commands, {"--lock-timeout", "0.1"});

    std::size_t timed_out = 0, stamps_done = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const auto& r = results[i];
        BOOST_CHECK_MESSAGE(r.status == 0 || r.status == 4, describe(commands[i], r));
        if (r.status == 4) {
            ++timed_out;
            BOOST_CHECK_MESSAGE(contains(r.err, "timed out after") && contains(r.err, "migration lock"), r.err);
        }
        stamps_done += r.status == 0 && commands[i][0] == "stamp";
    }
    BOOST_TEST_MESSAGE(timed_out << " of " << commands.size() << " processes timed out waiting for the lock");
    BOOST_CHECK_GE(timed_out, 1U);

    const auto c = setup.check(effects::unchecked);
    BOOST_CHECK_MESSAGE(c.problems.empty(), lines(c.problems));
    // Every stamp writes one log row: a stamp that timed out wrote none.
    const auto stamp_rows = std::count_if(c.snapshot.log.begin(), c.snapshot.log.end(),
                                          [](const log_entry& e) { return e.operation == "stamp"; });
    BOOST_CHECK_EQUAL(static_cast<std::size_t>(stamp_rows), stamps_done);
}

}  // namespace
