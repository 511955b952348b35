// Seed data against a live database (`retort --dir DIR seed --seeds SEEDS`): seeds run once, run again
// when changed, wait for the schema they need, fail alone, and are recorded in their own table. Each case
// writes its own revisions, seeds and database.
#define BOOST_TEST_MODULE seed_tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

// Revisions aaa111 <- bbb222, each creating t_<id> (id int) without a key, so a seed that runs twice
// shows as two rows; and an empty seeds folder.
struct seeding : tool_fixture {
    fs::path seeds = tmp.path / "seeds";

    seeding() : tool_fixture("seed") {
        chain({"aaa111", "bbb222"});
        fs::create_directory(seeds);
    }

    void write_seed(const std::string& name, const std::string& text) {
        std::ofstream(seeds / name, std::ios::binary | std::ios::trunc) << text;
    }
    result seed(strings extra = {}) {
        strings args{"seed", "--seeds", seeds.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return retort(args);
    }
    std::string count(const std::string& table) { return scalar("SELECT count(*) FROM " + table); }
    strings recorded() { return column("SELECT name FROM alembic_version_seeds ORDER BY name"); }
};

// Line 4 holds the statement.
const std::string fill_b = "-- one row in t_bbb222\n-- Requires: bbb222\n\nINSERT INTO t_bbb222 VALUES (1);\n";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed, seeding)

BOOST_AUTO_TEST_CASE(a_new_seed_runs_once_and_a_second_run_runs_nothing) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    auto first = seed();
    CHECK_EXIT(first, 0);
    BOOST_TEST(contains(first.out, "Running seed 0001_b.sql, one row in t_bbb222 ("), first.out);
    BOOST_TEST(contains(first.out, "Ran 1 seed in "), first.out);
    auto second = seed();
    CHECK_EXIT(second, 0);
    BOOST_TEST(second.out == "Nothing to seed: 1 already applied, 0 skipped.\n");
    BOOST_TEST(count("t_bbb222") == "1");
}

BOOST_AUTO_TEST_CASE(seeds_run_in_file_name_order) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0002_copy.sql", "-- copy\n\nINSERT INTO t_aaa111 SELECT id + 10 FROM t_bbb222;\n");
    write_seed("0001_b.sql", fill_b);
    CHECK_EXIT(seed(), 0);
    CHECK_STRINGS(column("SELECT id::text FROM t_aaa111"), "11");
}

BOOST_AUTO_TEST_CASE(a_changed_seed_runs_again_and_its_new_checksum_is_recorded) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    CHECK_EXIT(seed(), 0);
    std::string before = scalar("SELECT checksum FROM alembic_version_seeds");
    write_seed("0001_b.sql", "-- one row in t_bbb222\n-- Requires: bbb222\n\nINSERT INTO t_bbb222 VALUES (2);\n");
    auto r = seed();
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "Running seed 0001_b.sql again (changed), one row in t_bbb222 ("), r.out);
    CHECK_STRINGS(column("SELECT id::text FROM t_bbb222 ORDER BY id"), "1", "2");
    BOOST_TEST(scalar("SELECT checksum FROM alembic_version_seeds") != before);
    CHECK_EXIT(seed(), 0);
    BOOST_TEST(count("t_bbb222") == "2");
}

BOOST_AUTO_TEST_CASE(a_new_message_or_crlf_line_ends_are_not_a_change) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    CHECK_EXIT(seed(), 0);
    write_seed("0001_b.sql", "-- a better message\r\n-- Requires: bbb222\r\n\r\nINSERT INTO t_bbb222 VALUES (1);\r\n");
    auto r = seed();
    CHECK_EXIT(r, 0);
    BOOST_TEST(r.out == "Nothing to seed: 1 already applied, 0 skipped.\n");
    BOOST_TEST(count("t_bbb222") == "1");
}

BOOST_AUTO_TEST_CASE(a_seed_is_skipped_while_its_required_revision_is_not_applied) {
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    auto skipped = seed();
    CHECK_EXIT(skipped, 0);
    BOOST_TEST(contains(skipped.out, "Skipped seed 0001_b.sql: requires revision bbb222, which is not applied\n"),
               skipped.out);
    BOOST_TEST(contains(skipped.out, "Nothing to seed: 0 already applied, 1 skipped."), skipped.out);
    BOOST_TEST(!exists("alembic_version_seeds"));
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    auto ran = seed();
    CHECK_EXIT(ran, 0);
    BOOST_TEST(contains(ran.out, "Running seed 0001_b.sql, "), ran.out);
}

BOOST_AUTO_TEST_CASE(requires_may_name_a_branch_label) {
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"}, {"Branch Labels: extras"});
    CHECK_EXIT(retort({"upgrade", "bbb222", "-q"}), 0);
    write_seed("0001_c.sql", "-- c\n-- Requires: extras\nINSERT INTO t_ccc333 VALUES (1);\n");
    auto skipped = seed();
    BOOST_TEST(contains(skipped.out, "requires revision ccc333 (extras), which is not applied"), skipped.out);
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    CHECK_EXIT(seed(), 0);
    BOOST_TEST(count("t_ccc333") == "1");
}

BOOST_AUTO_TEST_CASE(a_seed_without_requires_is_skipped_while_revisions_are_pending) {
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    write_seed("0001_a.sql", "-- one row in t_aaa111\n\nINSERT INTO t_aaa111 VALUES (1);\n");
    auto skipped = seed();
    CHECK_EXIT(skipped, 0);
    BOOST_TEST(contains(skipped.out, "Skipped seed 0001_a.sql: the database is not at head (1 revision pending)"),
               skipped.out);
    BOOST_TEST(count("t_aaa111") == "0");
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    CHECK_EXIT(seed(), 0);
    BOOST_TEST(count("t_aaa111") == "1");
}

BOOST_AUTO_TEST_CASE(a_failing_seed_rolls_back_alone_and_names_its_file_line_and_sqlstate) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    write_seed("0002_bad.sql",
               "-- two rows, one too many\n\nINSERT INTO t_aaa111 VALUES (1);\nINSERT INTO\n"
               "  no_such_table VALUES (2);\n");
    write_seed("0003_after.sql", "-- after\nINSERT INTO t_aaa111 VALUES (3);\n");
    auto r = seed();
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err,
                        "0002_bad.sql:5: error: seed 0002_bad.sql (two rows, one too many) failed: 42P01: "
                        "relation \"no_such_table\" does not exist"),
               r.err);
    BOOST_TEST(contains(r.err,
                        "Nothing of seed 0002_bad.sql was applied or recorded; the seeds before it stay applied"),
               r.err);
    BOOST_TEST(contains(r.out, "Running seed 0001_b.sql, "), r.out);
    CHECK_STRINGS(recorded(), "0001_b.sql");
    BOOST_TEST(count("t_bbb222") == "1");
    BOOST_TEST(count("t_aaa111") == "0");
    BOOST_TEST(scalar("SELECT detail FROM alembic_version_log WHERE operation = 'seed' AND outcome = 'failed'")
                   .find("0002_bad.sql:5: 42P01: ") != std::string::npos);

    write_seed("0002_bad.sql", "-- two rows, one too many\n\nINSERT INTO t_aaa111 VALUES (1);\n");
    CHECK_EXIT(seed(), 0);
    CHECK_STRINGS(recorded(), "0001_b.sql", "0002_bad.sql", "0003_after.sql");
    CHECK_STRINGS(column("SELECT id::text FROM t_aaa111 ORDER BY id"), "1", "3");
}

BOOST_AUTO_TEST_CASE(the_seed_table_records_each_seed_with_its_checksum_and_who_ran_it) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    write_seed("0002_a.sql", "-- rows for a\nINSERT INTO t_aaa111 VALUES (1);\n");
    CHECK_EXIT(seed(), 0);
    CHECK_STRINGS(column("SELECT concat_ws('|', name, checksum_algorithm, length(checksum), message, "
                         "coalesce(requires_revision, '-'), applied_by = current_user, duration_ms >= 0, "
                         "retort_version <> '') FROM alembic_version_seeds ORDER BY name"),
                  "0001_b.sql|1|64|one row in t_bbb222|bbb222|t|t|t", "0002_a.sql|1|64|rows for a|-|t|t|t");
    BOOST_TEST(count("alembic_version_log WHERE operation = 'seed' AND outcome = 'success'") == "2");
}

BOOST_AUTO_TEST_CASE(a_seed_runs_again_after_its_required_revision_is_downgraded_and_upgraded_again) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    CHECK_EXIT(seed(), 0);
    CHECK_EXIT(retort({"downgrade", "aaa111", "-q"}), 0);
    auto skipped = seed();
    BOOST_TEST(contains(skipped.out, "requires revision bbb222, which is not applied"), skipped.out);
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    auto r = seed();
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "Running seed 0001_b.sql again (revision bbb222 was applied again), "), r.out);
    BOOST_TEST(count("t_bbb222") == "1");
    BOOST_TEST(seed().out == "Nothing to seed: 1 already applied, 0 skipped.\n");
}

BOOST_AUTO_TEST_CASE(with_a_schema_seeds_run_on_its_search_path_and_are_recorded_there) {
    CHECK_EXIT(retort({"upgrade", "head", "-q", "--schema", "app"}), 0);
    write_seed("0001_b.sql", fill_b);
    CHECK_EXIT(seed({"--schema", "app"}), 0);
    BOOST_TEST(count("app.t_bbb222") == "1");
    BOOST_TEST(count("app.alembic_version_seeds") == "1");
    BOOST_TEST(!exists("public.alembic_version_seeds"));
}

BOOST_AUTO_TEST_CASE(json_output_lists_each_seed_with_its_status_and_reason) {
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    write_seed("0002_a.sql", "-- a\n-- Requires: aaa111\nINSERT INTO t_aaa111 VALUES (1);\n");
    auto r = seed({"--format", "json"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(r.out.starts_with("{\"command\":\"seed\",\"status\":\"ok\",\"exit_code\":0,\"seeds\":[{\"seed\":"
                                 "\"0001_b.sql\",\"file\":\""),
               r.out);
    BOOST_TEST(contains(r.out, "\"status\":\"skipped\",\"reason\":\"requires_not_applied\",\"requires\":\"bbb222\"}"),
               r.out);
    BOOST_TEST(contains(r.out, "\"status\":\"ran\",\"reason\":\"new\",\"requires\":\"aaa111\",\"seconds\":"), r.out);
}

BOOST_AUTO_TEST_CASE(a_seed_requiring_an_unknown_revision_is_invalid_input_at_its_line) {
    write_seed("0001_x.sql", "-- x\n-- Requires: zzz999\nSELECT 1;\n");
    auto r = seed();
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "0001_x.sql:2: error: seed 0001_x.sql requires unknown revision 'zzz999'"), r.err);
}

BOOST_AUTO_TEST_CASE(seed_without_a_seeds_folder_is_a_usage_error) {
    auto r = retort({"seed"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "--seeds DIR"), r.err);
}

BOOST_AUTO_TEST_CASE(seed_refuses_sql_instead_of_changing_the_database) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    auto r = seed({"--sql"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "seed has no --sql"), r.err);
    BOOST_TEST(count("t_bbb222") == "0");
}

BOOST_AUTO_TEST_CASE(a_failed_seed_is_the_last_item_of_the_json_output) {
    CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    write_seed("0001_b.sql", fill_b);
    write_seed("0002_bad.sql", "-- bad\n\nINSERT INTO no_such_table VALUES (1);\n");
    auto r = seed({"--format", "json"});
    CHECK_EXIT(r, 1);
    BOOST_TEST(r.out.starts_with("{\"command\":\"seed\",\"status\":\"error\",\"exit_code\":1,\"seeds\":[{"), r.out);
    BOOST_TEST(contains(r.out, "\"status\":\"failed\",\"line\":3,\"sqlstate\":\"42P01\"}],\"error\":{\"message\":"),
               r.out);
    // With --format json the error is the object's `error`, not text on stderr.
    BOOST_TEST(contains(r.out, "0002_bad.sql:3: error: seed 0002_bad.sql (bad) failed: 42P01"), r.out);
    BOOST_TEST(contains(r.out, "\"seed\":\"0002_bad.sql\","), r.out);
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
