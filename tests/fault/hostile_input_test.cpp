// Hostile and broken input, as an attacker or a careless commit would supply it: bytes PostgreSQL
// cannot take (NUL, invalid UTF-8) are refused at file:line before anything runs; directory entries
// that are not regular files (a FIFO, a link to /dev/zero, a directory named *.sql) and files over the
// size limit are refused by name instead of hanging or reading without end; number options refuse
// junk with exit 2 naming the option; and the driver never sends a statement that a NUL would cut.
#define BOOST_TEST_MODULE hostile_input_tests
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;
using namespace std::chrono_literals;
using namespace std::string_literals;
using fixture = tool_fixture;

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// A revision whose upgrade's second line (file line 8) holds `bad` in a string literal.
void write_revision_with(const fs::path& dir, const std::string& bad) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {},
                   "CREATE TABLE t_aaa111 (name text);\nINSERT INTO t_aaa111 VALUES ('x" + bad + "y');",
                   "DROP TABLE t_aaa111;");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bytes_postgresql_cannot_take, fixture)

BOOST_AUTO_TEST_CASE(a_nul_byte_in_a_revision_is_refused_at_its_line_and_nothing_runs) {
    write_revision_with(dir, "\0"s);
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "1_aaa111.sql:8: error: a NUL byte (column 32)"), r.err);
    BOOST_TEST(!contains(r.out, "Upgraded"), r.out);
    BOOST_TEST(!exists("t_aaa111"));
    BOOST_TEST(!exists("alembic_version"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_a_revision_is_refused_at_its_line) {
    write_revision_with(dir, "\xC3\x28");  // a two-byte lead followed by an ASCII byte
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "1_aaa111.sql:8: error: invalid UTF-8 (byte 0xC3 at column 32)"), r.err);
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(overlong_and_surrogate_encodings_are_invalid_utf8_too) {
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
        write_revision_with(dir, bad);
        auto r = retort({"heads"});
        CHECK_EXIT(r, 3);
        BOOST_TEST(contains(r.err, "1_aaa111.sql:8: error: invalid UTF-8"), r.err);
    }
}

BOOST_AUTO_TEST_CASE(valid_multibyte_text_is_accepted) {
    write_revision_with(dir, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\x98");
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(scalar("SELECT name FROM t_aaa111") == "xcaf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\x98y");
}

BOOST_AUTO_TEST_CASE(a_nul_byte_in_a_seed_file_is_refused_at_its_line) {
    chain({"aaa111"});
    const fs::path seeds = tmp.path / "seeds";
    fs::create_directory(seeds);
    write_bytes(seeds / "001_rows.sql",
                "-- rows\n-- Requires: aaa111\n\nINSERT INTO t_aaa111 VALUES (1);\nSELECT 'a\0b';\n"s);
    auto r = retort({"--seeds", seeds.string(), "seed"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "001_rows.sql:5: error: a NUL byte (column 10)"), r.err);
}

BOOST_AUTO_TEST_CASE(the_driver_refuses_a_statement_a_nul_would_cut) {
    const std::string sql = "CREATE TABLE t_cut (id int)\0; DROP TABLE t_cut"s;
    const retort::pipeline_statement batch[] = {{sql, {}}};
    BOOST_CHECK_THROW(conn.run_pipeline(batch), retort::database_error);
    BOOST_CHECK_THROW(conn.execute(sql), retort::database_error);
    BOOST_TEST(!exists("t_cut"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(directory_entries, fixture)

BOOST_AUTO_TEST_CASE(a_fifo_named_like_a_revision_is_refused_at_once) {
    chain({"aaa111"});
    BOOST_REQUIRE(::mkfifo((dir / "2_x.sql").c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    auto p = spawn(tmp.path, tool({"heads"}), base_env(db));
    auto r = p.wait(30s);  // the old reader blocked in open() until a writer came
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "2_x.sql: error: this entry is a FIFO (named pipe), not a regular file"), r.err);
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 20.0);
}

BOOST_AUTO_TEST_CASE(a_link_to_dev_zero_is_refused_instead_of_read_without_end) {
    chain({"aaa111"});
    fs::create_symlink("/dev/zero", dir / "2_zero.sql");
    auto r = spawn(tmp.path, tool({"heads"}), base_env(db)).wait(30s);
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "2_zero.sql: error: this entry is a character device, not a regular file"), r.err);
}

BOOST_AUTO_TEST_CASE(a_directory_named_like_a_revision_is_an_error_not_skipped) {
    chain({"aaa111"});
    fs::create_directory(dir / "2_y.sql");
    auto r = retort({"heads"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "2_y.sql: error: this entry is a directory, not a regular file"), r.err);
}

BOOST_AUTO_TEST_CASE(a_link_to_a_regular_file_is_read) {
    write_table_revision(tmp.path, "elsewhere.sql", "aaa111", {});
    fs::create_symlink(tmp.path / "elsewhere.sql", dir / "1_aaa111.sql");
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_limit_is_refused_naming_the_limit) {
    write_revision(dir, "1_aaa111.sql", "aaa111", {}, "SELECT 1;\n-- " + std::string(1100 * 1024, 'x'), "SELECT 1;");
    auto r = retort({"--max-file-size", "1", "heads"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "1_aaa111.sql: error: this file is larger than the limit of 1 MiB"), r.err);
    CHECK_EXIT(retort({"heads"}), 0);  // the default limit, 64 MiB
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(number_options, fixture)

BOOST_AUTO_TEST_CASE(every_duration_option_refuses_what_is_not_a_plain_number_of_seconds) {
    chain({"aaa111"});
    for (const std::string option : {"--lock-timeout", "--pg-lock-timeout", "--pg-statement-timeout"})
        for (const std::string bad : {"inf", "nan", "-inf", "1e300", "1e3", "-1", "-0.5", "1e-9", "0.0004", "", "5s",
                                      "0x10", " 5", "1.2.3", ".", "2147484", "99999999999999999999"}) {
            auto r = retort({"upgrade", option, bad});
            BOOST_TEST_CONTEXT(option << " '" << bad << "'") {
                CHECK_EXIT(r, 2);
                BOOST_TEST(contains(r.err, option + " takes a number of seconds"), r.err);
                BOOST_TEST(contains(r.err, "'" + bad + "'"), r.err);
            }
        }
    BOOST_TEST(!exists("alembic_version"));
}

BOOST_AUTO_TEST_CASE(the_equals_form_is_validated_the_same_way) {
    chain({"aaa111"});
    auto r = retort({"upgrade", "--lock-timeout=nan"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "--lock-timeout takes a number of seconds"), r.err);
}

BOOST_AUTO_TEST_CASE(plain_durations_and_documented_zeros_are_accepted) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "--lock-timeout", "0.5", "--pg-lock-timeout", "0", "--pg-statement-timeout",
                       "2147483.647"}),
               0);
    CHECK_EXIT(retort({"current", "--lock-timeout", "0"}), 0);
}

BOOST_AUTO_TEST_CASE(whole_number_options_refuse_junk_and_overflow) {
    chain({"aaa111"});
    for (const std::string bad : {"0", "-1", "4097", "1.5", "abc", "", "18446744073709551617", "+3", "1e2"}) {
        auto r = retort({"heads", "--max-file-size", bad});
        BOOST_TEST_CONTEXT("--max-file-size '" << bad << "'") {
            CHECK_EXIT(r, 2);
            BOOST_TEST(contains(r.err, "--max-file-size takes a whole number from 1 to 4096"), r.err);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
