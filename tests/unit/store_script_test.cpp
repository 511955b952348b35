// What the script store writes for `--sql` and what the bookkeeping SQL records for each change, without
// a server (tests/store/ runs the same script through psql).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "app/operations.hpp"
#include "inline_catalog.hpp"
#include "store/bookkeeping_sql.hpp"
#include "store/script_store.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;

const store_config config{"", "alembic_version", "test"};

struct two_revisions {
    inline_catalog files;
    migrate_options options;
    two_revisions() {
        files.revision("a", "", "CREATE TABLE ta (id int);")
            .revision("n", "a", "SELECT 1;\nSELECT 2;", "SELECT 3;", false);
    }
    // The whole script; with `parts`, what was handed over as it was written goes there first.
    // A change past `spill_at` bytes waits in a temporary file until it is whole.
    std::string script(std::vector<std::string> targets, std::vector<std::string> from = {},
                       std::vector<std::string>* parts = nullptr, std::size_t spill_at = std::size_t{4} << 20) {
        script_store store(config, "-- header\n\n", std::move(from));
        if (parts) store.stream_to([parts](std::string_view part) { parts->emplace_back(part); }, spill_at);
        session s(files.get(), store, options);
        run_report report;
        migrate(s, targets, direction::up, report);
        std::string all;
        if (parts)
            for (const auto& p : *parts) all += p;
        return all + store.release();
    }

    // A chain of `n` revisions after `a`, each with a 1 kB statement.
    void chain(int n) {
        std::string parent = "a";
        for (int i = 0; i < n; ++i) {
            const std::string id = "c" + std::to_string(i);
            files.revision(id, parent, "SELECT '" + std::string(1000, 'x') + "';");
            parent = id;
        }
    }
};

// The positions of `parts` in `text`, which must appear in this order.
bool in_order(const std::string& text, std::initializer_list<std::string_view> parts) {
    std::size_t at = 0;
    for (auto p : parts) {
        at = text.find(p, at);
        if (at == std::string::npos) return false;
        at += p.size();
    }
    return true;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(script_store_output, two_revisions)

BOOST_AUTO_TEST_CASE(an_upgrade_script_creates_the_tables_then_runs_each_step_as_online) {
    std::string sql = script({"head"});
    BOOST_TEST(sql.starts_with("-- header\n\nCREATE TABLE IF NOT EXISTS \"alembic_version\" ("), sql);
    BOOST_TEST(in_order(sql, {"-- Running upgrade <base> -> a\n-- migrations/a.sql: revision a\n\nBEGIN;\n\n",
                              "CREATE TABLE ta (id int);\n\n", "INSERT INTO \"alembic_version_history\" AS h",
                              "INSERT INTO \"alembic_version\" (version_num) VALUES ('a');\n\n",
                              "INSERT INTO \"alembic_version_log\"", "COMMIT;\n\n",
                              "-- Running upgrade a -> n\n-- migrations/n.sql: revision n\n\n", "'in_progress'",
                              "SELECT 1;\n\n", "SET statement_index = 1", "SELECT 2;\n\n", "SET statement_index = 2",
                              "BEGIN;\n\n", "UPDATE \"alembic_version\" SET version_num = 'n' WHERE version_num = 'a';",
                              "COMMIT;\n\n"}),
               sql);
}

BOOST_AUTO_TEST_CASE(a_script_from_start_rows_holds_only_what_lies_above_them) {
    std::string sql = script({"head"}, {"a"});
    BOOST_TEST(sql.find("-- Running upgrade <base> -> a\n") == std::string::npos, sql);
    BOOST_TEST(sql.find("-- Running upgrade a -> n\n") != std::string::npos, sql);
}

BOOST_AUTO_TEST_CASE(a_single_transaction_script_begins_before_the_tables_and_commits_at_the_end) {
    files.revision("b", "a", "SELECT 4;");
    options.single_transaction = true;
    std::string sql = script({"b"});
    BOOST_TEST(sql.starts_with("-- header\n\nBEGIN;\n\nCREATE TABLE IF NOT EXISTS"), sql);
    BOOST_TEST(sql.ends_with("COMMIT;\n\n"), sql);
    BOOST_TEST(sql.find("BEGIN", 20) == std::string::npos, sql);  // no transaction per step inside it
}

BOOST_AUTO_TEST_CASE(a_non_transactional_revision_is_refused_inside_a_single_transaction) {
    options.single_transaction = true;
    BOOST_CHECK_THROW(script({"head"}), state_error);
}

BOOST_AUTO_TEST_CASE(a_streamed_script_is_the_same_script_handed_over_in_parts_of_whole_steps) {
    chain(200);
    const std::string whole = script({"c199"});
    std::vector<std::string> parts;
    BOOST_TEST(script({"c199"}, {}, &parts) == whole);
    BOOST_TEST(parts.size() >= 3U);  // 200 steps of more than 2 kB each: at least 400 kB in 64 kB parts
    for (const auto& p : parts) BOOST_TEST(p.ends_with("COMMIT;\n\n"));
}

BOOST_AUTO_TEST_CASE(a_streamed_single_transaction_script_still_begins_before_the_tables) {
    chain(200);
    options.single_transaction = true;
    std::vector<std::string> parts;
    const std::string sql = script({"c199"}, {}, &parts);
    BOOST_TEST_REQUIRE(!parts.empty());
    BOOST_TEST(parts.front().starts_with("-- header\n\nBEGIN;\n\nCREATE TABLE IF NOT EXISTS"));
    BOOST_TEST(sql.ends_with("COMMIT;\n\n"));
}

// About 200 kB of statements whose literal in the history row has quotes and backslashes.
std::string big_section() {
    std::string sql;
    for (int i = 0; i < 3000; ++i) sql += "INSERT INTO ta VALUES (" + std::to_string(i) + ", E'it''s \\\\ here');\n";
    return sql;
}

BOOST_AUTO_TEST_CASE(a_change_too_large_for_memory_waits_in_a_file_and_the_script_is_the_same) {
    // Transactional, then non-transactional (its in-progress row carries the section too, and its last
    // rows are written after the last change, so they leave with the rest of the script).
    files.revision("b", "a", big_section(), "SELECT 4;").revision("nb", "b", big_section(), "SELECT 5;", false);
    const std::string whole = script({"nb"});
    BOOST_TEST_REQUIRE(whole.find("E'INSERT INTO ta VALUES (0, E''it''''s \\\\\\\\ here'');") != std::string::npos);
    std::vector<std::string> parts;
    BOOST_TEST(script({"nb"}, {}, &parts, 1024) == whole);
    BOOST_TEST(parts.size() > 4U);
}

// Points TMPDIR somewhere that does not exist, so that no temporary file can be made.
struct no_temporary_files {
    std::optional<std::string> saved;
    no_temporary_files() {
        if (const char* v = std::getenv("TMPDIR")) saved = v;
        setenv("TMPDIR", "/nonexistent/retort-test", 1);
    }
    ~no_temporary_files() {
        if (saved)
            setenv("TMPDIR", saved->c_str(), 1);
        else
            unsetenv("TMPDIR");
    }
};

BOOST_AUTO_TEST_CASE(a_failure_while_a_large_change_is_written_hands_over_none_of_it) {
    chain(200);
    files.revision("b", "c199", big_section());
    std::vector<std::string> parts;
    no_temporary_files guard;
    BOOST_CHECK_EXCEPTION(script({"b"}, {}, &parts, 128 << 10), retort::error, [](const retort::error& e) {
        return std::string_view(e.what()).find("a temporary file") != std::string_view::npos;
    });
    std::string handed;
    for (const auto& p : parts) handed += p;
    BOOST_TEST(!handed.empty());
    BOOST_TEST(handed.ends_with("COMMIT;\n\n"));
    BOOST_TEST(handed.find("-> b\n") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bookkeeping_sql)

BOOST_AUTO_TEST_CASE(deferred_upgrades_become_history_rows_then_the_net_version_change_then_log_rows) {
    inline_catalog files;
    files.revision("a", "", "SELECT 'a';").revision("b", "a", "SELECT 'b';").revision("c", "", "SELECT 'c';");
    auto rev = [&](std::string_view id) { return &files.revision_of(id); };
    deferred_rows rows;
    rows.add({rev("a"), direction::up, {}, {"a"}, true}, 1.5);
    rows.add({rev("b"), direction::up, {"a"}, {"b"}, true}, 2.25);
    rows.add({rev("c"), direction::up, {}, {"c"}, true}, 3);
    std::vector<std::string> sent;
    bookkeeping(config).write_deferred(
        rows, [&](const std::string& sql) { sent.push_back(sql); }, 1);
    BOOST_TEST_REQUIRE(sent.size() == 7U);  // part = 1 byte: one row per statement
    BOOST_TEST(sent[0].find(
                   "SELECT x.r, 'applied', 1, x.u, x.d, now(), x.ms, 'test', x.s FROM unnest('{\"a\"}'::text[], '{\"" +
                   files.revision_of("a").upgrade.sum.hex() + "\"}'::text[]") != std::string::npos,
               sent[0]);
    BOOST_TEST(sent[0].find("'{1.500}'::float8[], '{\"SELECT ''a'';\"}'::text[]) AS x(r, u, d, ms, s)") !=
                   std::string::npos,
               sent[0]);
    BOOST_TEST(sent[1].find("unnest('{\"b\"}'") != std::string::npos);
    BOOST_TEST(sent[3] == "INSERT INTO \"alembic_version\" (version_num) VALUES ('b'), ('c')");  // a came and went
    BOOST_TEST(sent[4].find("SELECT 'upgrade', x.r, 'success', NULL, 'test' FROM unnest('{\"a\"}'::text[]) WITH "
                            "ORDINALITY") != std::string::npos,
               sent[4]);
    BOOST_TEST(sent[6].find("unnest('{\"c\"}'::text[])") != std::string::npos, sent[6]);
}

BOOST_AUTO_TEST_CASE(one_row_replacing_another_is_an_update_and_a_merge_deletes_and_inserts) {
    bookkeeping books(config);
    std::vector<std::string_view> a{"a"}, b{"b"}, ab{"a", "b"}, m{"m"};
    auto one = books.change_rows(a, b);
    BOOST_TEST_REQUIRE(one.size() == 1U);
    BOOST_TEST(one[0] == "UPDATE \"alembic_version\" SET version_num = 'b' WHERE version_num = 'a'");
    auto merge = books.change_rows(ab, m);
    BOOST_TEST_REQUIRE(merge.size() == 2U);
    BOOST_TEST(merge[0] == "DELETE FROM \"alembic_version\" WHERE version_num IN ('a', 'b')");
    BOOST_TEST(merge[1] == "INSERT INTO \"alembic_version\" (version_num) VALUES ('m')");
}

BOOST_AUTO_TEST_CASE(a_step_records_its_history_row_then_the_version_rows_then_a_log_row) {
    inline_catalog files;
    files.revision("a", "", "CREATE TABLE \"it's\" (id int);");
    bookkeeping books(store_config{"app", "v", "9.9"});
    const revision& a = files.get().revisions.at(0);
    auto sql = books.record(step_change{&a, direction::up, {}, {"a"}, true});
    BOOST_TEST_REQUIRE(sql.size() == 3U);
    BOOST_TEST(sql[0].starts_with("INSERT INTO \"app\".\"v_history\" AS h"), sql[0]);
    BOOST_TEST(sql[0].find("'CREATE TABLE \"it''s\" (id int);'") != std::string::npos, sql[0]);
    BOOST_TEST(sql[1] == "INSERT INTO \"app\".\"v\" (version_num) VALUES ('a')");
    BOOST_TEST(sql[2].starts_with("INSERT INTO \"app\".\"v_log\""), sql[2]);
    BOOST_TEST(sql[2].find("'upgrade', 'a', 'success', NULL, '9.9'") != std::string::npos, sql[2]);
}

BOOST_AUTO_TEST_CASE(literals_with_a_backslash_become_escape_strings) {
    BOOST_TEST(quote_literal("a'b") == "'a''b'");
    BOOST_TEST(quote_literal("a\\b") == "E'a\\\\b'");
    BOOST_TEST(quote_identifier("we\"ird") == "\"we\"\"ird\"");
}

BOOST_AUTO_TEST_SUITE_END()
