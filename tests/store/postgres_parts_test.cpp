// How the PostgreSQL store sends a section larger than a part (postgres_options::part_bytes, a few dozen
// bytes here, 1 MiB in use): several Queries in one transaction, cut between statements or inside the
// comments between them. What is recorded must not depend on that: the executed SQL is the section as
// written, a failure in any part names its statement and leaves nothing of the step.
#define BOOST_TEST_MODULE postgres_parts
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "inline_catalog.hpp"
#include "pg_store_fixture.hpp"
#include "store/postgres_store.hpp"
#include "store/step_batch.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;

const store_config config{"", "alembic_version", "parts-test"};
constexpr std::size_t part_bytes = 64;

std::string comment_lines(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += "-- a comment line that keeps the statements apart\n";
    return out;
}

std::string inserts(std::string_view table, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += fmt::format("INSERT INTO {} VALUES ({});\n", table, i);
    return out;
}

// A statement that records whether the Query running it still holds the statement that created `table`:
// not when that went in an earlier part. (The text it looks for is not in this statement.)
std::string seen(std::string_view table) {
    return fmt::format("CREATE TABLE {0}_seen AS SELECT strpos(current_query(), 'CREATE TABLE ' || '{0} (') AS at;",
                       table);
}

// m: several statements, non-ASCII text and comments; c: two statements around a long run of comments;
// x: a division by zero in its last part; s: a syntax error in its last part; r: RESETs every setting;
// w: one statement longer than a part. Seeds: ten rows; a division by zero, a syntax error after five.
inline_catalog& revisions() {
    static inline_catalog c = [] {
        inline_catalog x;
        x.revision("m", "",
                   "-- été\nCREATE TABLE tm (id int, name text); /* between /* nested */ */\n"
                   "INSERT INTO tm VALUES (1, 'ünïcode; with a semicolon');  -- trailing\n"
                   "INSERT INTO tm VALUES (2, 'two');\nINSERT INTO tm VALUES (3, 'three');\n-- last line",
                   "DROP TABLE tm;")
            .revision("c", "",
                      "CREATE TABLE tc (id int);\n" + comment_lines(20) + "INSERT INTO tc VALUES (1);\n" + seen("tc"),
                      "DROP TABLE tc_seen; DROP TABLE tc;")
            .revision("x", "m",
                      "CREATE TABLE tx (id int);\nINSERT INTO tx VALUES (1);\n" + comment_lines(3) + "SELECT 1/0;",
                      "DROP TABLE tx;")
            .revision("s", "m", "CREATE TABLE ts (id int);\n" + comment_lines(3) + "SELEC 1;", "DROP TABLE ts;")
            .revision("r", "", "CREATE TABLE tr (id int);\nRESET ALL;\n" + comment_lines(3) + "SELECT 1;",
                      "DROP TABLE tr;")
            .revision("w", "", "CREATE TABLE tw AS SELECT '" + std::string(3 * part_bytes, 'w') + "' AS w;",
                      "DROP TABLE tw;")
            .seed("0001_rows.sql", "", "CREATE TABLE trows (id int);\n" + inserts("trows", 10) + seen("trows"))
            .seed("0002_fails.sql", "", "CREATE TABLE tfails (id int);\n" + inserts("tfails", 5) + "SELECT 1/0;")
            .seed("0003_syntax.sql", "", "CREATE TABLE tsyntax (id int);\n" + inserts("tsyntax", 5) + "SELEC 1;");
        return x;
    }();
    return c;
}

const revision& rev(std::string_view id) { return revisions().revision_of(id); }

const seed& seed_named(std::string_view name) {
    for (const seed& s : revisions().get().seeds)
        if (s.name == name) return s;
    throw std::out_of_range(std::string(name));
}

step_change up(std::string_view id, std::vector<std::string_view> after, std::vector<std::string_view> before = {}) {
    return {&rev(id), direction::up, std::move(before), std::move(after), true};
}

struct fixture : retort::testing::pg_store_fixture {
    fixture() : pg_store_fixture("parts", config, with_parts()) {}

    static postgres_options with_parts() {
        postgres_options o;
        o.part_bytes = part_bytes;
        return o;
    }

    // The Queries that step `s` is sent as.
    std::vector<step_batch> parts_of(const step_change& s) {
        step_parts parts(s, store.books(), {{}, true, 0, {}}, part_bytes);
        std::vector<step_batch> out;
        while (!parts.done()) out.push_back(parts.next());
        return out;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_large_section_is_recorded_as_written_though_sent_in_parts, fixture) {
    BOOST_TEST(parts_of(up("m", {"m"})).size() > 2U);
    store.apply(up("m", {"m"}));
    BOOST_TEST(executed("m") == std::string(rev("m").upgrade.sql));
    BOOST_TEST(scalar("SELECT string_agg(name, ',' ORDER BY id) FROM tm") == "ünïcode; with a semicolon,two,three");
    BOOST_TEST(version_rows() == "m");
    BOOST_TEST(logged() == "upgrade:m");
}

BOOST_FIXTURE_TEST_CASE(each_part_carries_whole_statements_where_they_stand, fixture) {
    const section& sec = rev("m").upgrade;
    std::size_t seen = 0;
    for (const step_batch& b : parts_of(up("m", {"m"}))) {
        BOOST_TEST(b.first_statement == seen);
        for (std::size_t i = 0; i < b.own_count; ++i) {
            const std::string_view st = sec.statements[b.first_statement + i].sql;
            BOOST_TEST(b.batch.text.substr(b.batch.starts[b.first_own + i], st.size()) == std::string(st));
        }
        seen += b.own_count;
    }
    BOOST_TEST(seen == sec.statements.size());
}

BOOST_FIXTURE_TEST_CASE(a_long_run_of_comments_is_cut_into_parts_too, fixture) {
    const auto parts = parts_of(up("c", {"c"}));
    BOOST_TEST(parts.size() > 10U);  // 20 lines of 50 bytes between two statements, 64 bytes a part
    for (const step_batch& b : parts) BOOST_TEST(b.batch.text.size() < 1024U);
    store.apply(up("c", {"c"}));
    BOOST_TEST(executed("c") == std::string(rev("c").upgrade.sql));
    BOOST_TEST(scalar("SELECT count(*) FROM tc") == "1");
    BOOST_TEST(scalar("SELECT at FROM tc_seen") == "0");
}

BOOST_FIXTURE_TEST_CASE(a_statement_longer_than_a_part_is_sent_whole, fixture) {
    const auto parts = parts_of(up("w", {"w"}));
    BOOST_TEST(parts.size() == 1U);
    store.apply(up("w", {"w"}));
    BOOST_TEST(executed("w") == std::string(rev("w").upgrade.sql));
}

BOOST_FIXTURE_TEST_CASE(a_failure_in_a_later_part_names_its_statement_and_undoes_the_earlier_parts, fixture) {
    store.apply(up("m", {"m"}));
    try {
        store.apply(up("x", {"x"}, {"m"}));
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "22012");
        BOOST_TEST(f.index() == 2U);
        BOOST_TEST(f.file_statement() == &rev("x").upgrade.statements[2]);
    }
    BOOST_TEST(scalar("SELECT to_regclass('tx') IS NULL") == "t");
    BOOST_TEST(version_rows() == "m");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history WHERE revision = 'x'") == "0");
}

BOOST_FIXTURE_TEST_CASE(a_syntax_error_in_a_later_part_names_its_statement_and_undoes_the_earlier_parts, fixture) {
    store.apply(up("m", {"m"}));
    BOOST_TEST(parts_of(up("s", {"s"}, {"m"})).size() > 1U);
    try {
        store.apply(up("s", {"s"}, {"m"}));
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "42601");
        BOOST_TEST(f.index() == 1U);
    }
    BOOST_TEST(scalar("SELECT to_regclass('ts') IS NULL") == "t");
    BOOST_TEST(version_rows() == "m");
}

BOOST_FIXTURE_TEST_CASE(a_section_that_resets_every_setting_goes_in_one_part, fixture) {
    BOOST_TEST(parts_of(up("r", {"r"})).size() == 1U);
    store.apply(up("r", {"r"}));
    BOOST_TEST(executed("r") == std::string(rev("r").upgrade.sql));
}

BOOST_FIXTURE_TEST_CASE(a_downgrade_in_parts_removes_what_its_upgrade_recorded, fixture) {
    store.apply(up("c", {"c"}));
    const step_change back{&rev("c"), direction::down, {"c"}, {}, true};
    store.apply(back);
    BOOST_TEST(scalar("SELECT to_regclass('tc') IS NULL") == "t");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history") == "0");
    BOOST_TEST(version_rows() == "NULL");
}

BOOST_FIXTURE_TEST_CASE(inside_one_transaction_a_large_step_is_recorded_with_the_small_ones, fixture) {
    {
        auto t = store.begin();
        store.apply(up("c", {"c"}));  // in parts, with its bookkeeping
        store.apply(up("m", {"m"}));
        t->commit();
    }
    BOOST_TEST(executed("c") == std::string(rev("c").upgrade.sql));
    BOOST_TEST(executed("m") == std::string(rev("m").upgrade.sql));
    BOOST_TEST(version_rows() == "c,m");
    BOOST_TEST(logged() == "upgrade:c,upgrade:m");
}

BOOST_FIXTURE_TEST_CASE(the_settings_that_carried_the_parts_end_with_the_transaction, fixture) {
    store.apply(up("m", {"m"}));
    BOOST_TEST(scalar("SELECT coalesce(current_setting('retort.step_sql_1', true), '')") == "");
}

BOOST_FIXTURE_TEST_CASE(a_seed_larger_than_a_part_runs_in_parts_and_is_recorded, fixture) {
    store.ensure_tables(true);
    store.apply(seed_change{&seed_named("0001_rows.sql"), ""});
    BOOST_TEST(scalar("SELECT count(*) FROM trows") == "10");
    BOOST_TEST(scalar("SELECT at FROM trows_seen") == "0");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_seeds WHERE name = '0001_rows.sql'") == "1");
}

BOOST_FIXTURE_TEST_CASE(a_failure_in_a_later_part_of_a_seed_names_its_statement_and_undoes_the_seed, fixture) {
    store.ensure_tables(true);
    try {
        store.apply(seed_change{&seed_named("0002_fails.sql"), ""});
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "22012");
        BOOST_TEST(f.index() == 6U);
    }
    BOOST_TEST(scalar("SELECT to_regclass('tfails') IS NULL") == "t");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_seeds") == "0");
}

BOOST_FIXTURE_TEST_CASE(a_syntax_error_in_a_later_part_of_a_seed_names_its_statement, fixture) {
    store.ensure_tables(true);
    try {
        store.apply(seed_change{&seed_named("0003_syntax.sql"), ""});
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "42601");
        BOOST_TEST(f.index() == 6U);
        BOOST_TEST(f.info().position == 1);
    }
    BOOST_TEST(scalar("SELECT to_regclass('tsyntax') IS NULL") == "t");
}
