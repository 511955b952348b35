// Crash safety: `upgrade head` and `downgrade base` over a 240-revision history (with branches and
// merges), killed with SIGKILL at random moments. After every kill the database holds exactly what retort
// recorded (every recorded revision has all its effects, no effect exists without its record, each step
// ran once) and the next run completes.
//
// The moments come from a seeded generator; the seed is printed, and RETORT_FAULT_SEED=<seed> repeats a
// run. RETORT_FAULT_TRIALS raises the number of trials (default and minimum 30); each trial kills one
// upgrade and one downgrade.
#define BOOST_TEST_MODULE crash_tests
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "fault_setup.hpp"

namespace {

using namespace retort::testing;
using std::chrono::microseconds;
using clock_type = std::chrono::steady_clock;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::stoull(v) : fallback;
}

// What the kills of one direction hit, for the summary line.
struct tally {
    std::uint64_t killed = 0;    // the process died by the signal
    std::uint64_t partial = 0;   // ... leaving some revisions recorded and some not
    std::uint64_t finished = 0;  // the process had exited by itself before the signal
};

struct crash_fixture {
    fault_setup setup{fault_history_options{.count = 240}, "crash"};
    std::uint64_t seed = env_number("RETORT_FAULT_SEED", std::random_device{}());
    std::uint64_t trials = std::max<std::uint64_t>(30, env_number("RETORT_FAULT_TRIALS", 30));
    std::mt19937_64 rng{seed};

    crash_fixture() {
        std::cout << fmt::format("crash_tests: seed {} (RETORT_FAULT_SEED={} repeats it), {} trials\n", seed, seed,
                                 trials)
                  << std::flush;
    }

    // How long one uninterrupted run of `args` takes; it must succeed and leave a consistent database.
    microseconds timed_run(const strings& args) {
        const auto start = clock_type::now();
        const auto r = setup.run(args);
        const auto took = std::chrono::duration_cast<microseconds>(clock_type::now() - start);
        BOOST_REQUIRE_MESSAGE(r.status == 0, "retort " << args.back() << " exited " << r.status << ": " << r.err);
        return took;
    }

    // Starts `args`, sends SIGKILL after a random part of `full` (an uninterrupted run's duration), checks
    // the database, and reruns `args` to the end. `full` follows the load of the machine: it moves towards
    // the time the killed run and its rerun took together.
    void kill_and_rerun(const strings& args, microseconds& full, std::uint64_t trial, tally& t) {
        const microseconds delay{std::uniform_int_distribution<std::int64_t>(0, full.count())(rng)};
        const auto start = clock_type::now();
        auto child = setup.start(args);
        std::this_thread::sleep_for(delay);
        child.kill(SIGKILL);
        const auto r = child.wait();
        BOOST_REQUIRE_MESSAGE(r.signaled || r.status == 0,
                              "trial " << trial << ": retort exited " << r.status << " before the kill: " << r.err);

        const auto after_kill = setup.check(effects::follow_records);
        const auto n = after_kill.recorded().size();
        BOOST_TEST_MESSAGE(fmt::format("trial {}: {} killed after {} us, {}; {} revisions recorded", trial, args.back(),
                                       delay.count(), r.signaled ? "mid-run" : "it had finished", n));
        BOOST_REQUIRE_MESSAGE(after_kill.problems.empty(), "after killing " << args.back() << " in trial " << trial
                                                                            << " (seed " << seed
                                                                            << "):" << lines(after_kill.problems));
        t.killed += r.signaled;
        t.partial += r.signaled && n > 0 && n < setup.history.revisions().size();
        t.finished += !r.signaled;

        const auto rerun_start = clock_type::now();
        const auto rerun = setup.run(args);
        const auto observed = std::min(clock_type::now() - rerun_start + delay, clock_type::now() - start);
        full = (full * 7 + std::chrono::duration_cast<microseconds>(observed) * 3) / 10;
        BOOST_REQUIRE_MESSAGE(rerun.status == 0, "trial " << trial << ": the rerun of " << args.back() << " exited "
                                                          << rerun.status << ": " << rerun.err);
        const auto after_rerun = setup.check(effects::follow_records);
        BOOST_REQUIRE_MESSAGE(after_rerun.problems.empty(), "after the rerun in trial "
                                                                << trial << " (seed " << seed
                                                                << "):" << lines(after_rerun.problems));
        const bool up = args.back() == "head";
        BOOST_REQUIRE(after_rerun.recorded() == (up ? setup.history.ids() : std::set<std::string>{}));
    }

    // Back to a database retort has never touched, so that kills also land in the creation of its tables.
    void forget_retort() {
        setup.conn.execute(
            "DROP TABLE alembic_version, alembic_version_history, alembic_version_log; "
            "TRUNCATE fault_events");
    }
};

std::string summary(const char* what, const tally& t) {
    return fmt::format(
        "{}: {} killed mid-run ({} between the first and the last revision), {} had finished before "
        "the signal; the database was consistent after every kill and every rerun completed",
        what, t.killed, t.partial, t.finished);
}

BOOST_FIXTURE_TEST_CASE(killed_upgrades_and_downgrades_leave_only_recorded_effects_and_reruns_complete, crash_fixture) {
    const strings upgrade{"-q", "upgrade", "head"};
    const strings downgrade{"-q", "downgrade", "base"};
    auto full_upgrade = timed_run(upgrade);
    auto full_downgrade = timed_run(downgrade);
    tally up, down;
    for (std::uint64_t trial = 1; trial <= trials; ++trial) {
        forget_retort();
        kill_and_rerun(upgrade, full_upgrade, trial, up);
        kill_and_rerun(downgrade, full_downgrade, trial, down);
    }
    std::cout << summary("upgrade head", up) << "\n" << summary("downgrade base", down) << "\n";
}

}  // namespace
