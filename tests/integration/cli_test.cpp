// The `retort --dir DIR` tool as a user runs it: help, exit codes, inspection output, offline SQL, failures,
// concurrent runs and connection settings. Every case writes its own revision directory and database.
#define BOOST_TEST_MODULE cli_tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;
using retort::connection;
using fixture = tool_fixture;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(usage, fixture)

BOOST_AUTO_TEST_CASE(help_works_for_every_command) {
    chain({"aaa111"});
    auto all = retort({"--help"});
    CHECK_EXIT(all, 0);
    BOOST_TEST(contains(all.out, "--dir"));
    for (const std::string command : {"upgrade", "downgrade", "current", "history", "heads", "branches", "show",
                                      "stamp", "check", "accept-edit", "lock"}) {
        auto r = retort({command, "--help"});
        BOOST_TEST_CONTEXT(command) {
            CHECK_EXIT(r, 0);
            BOOST_TEST(r.out.starts_with("usage: retort " + command), r.out);
        }
        auto via_help = retort({"help", command});
        BOOST_TEST_CONTEXT("help " << command) {
            CHECK_EXIT(via_help, 0);
            BOOST_TEST(via_help.out == r.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_command_exits_2) {
    chain({"aaa111"});
    auto r = retort({"frobnicate"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "frobnicate"), r.err);
}

BOOST_AUTO_TEST_CASE(an_unknown_target_exits_2) {
    chain({"aaa111"});
    auto r = retort({"upgrade", "zzz"});
    CHECK_EXIT(r, 2);
}

BOOST_AUTO_TEST_CASE(an_ambiguous_prefix_exits_2_listing_the_candidates) {
    chain({"abc001", "abc002"});
    auto r = retort({"upgrade", "abc"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "abc001"), r.err);
    BOOST_TEST(contains(r.err, "abc002"), r.err);
}

BOOST_AUTO_TEST_CASE(a_directory_with_a_broken_file_exits_3) {
    chain({"aaa111"});
    std::ofstream(dir / "2_broken.sql") << "-- no header here\n-- +upgrade\nSELECT 1;\n";
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "2_broken.sql"), r.err);
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(inspection, fixture)

BOOST_AUTO_TEST_CASE(history_i_marks_the_current_revision) {
    chain({"aaa111", "bbb222", "ccc333"});
    CHECK_EXIT(retort({"upgrade", "bbb222"}), 0);
    BOOST_TEST(!contains(retort({"history"}).out, "(current)"));  // as Alembic: only with -i
    auto r = retort({"history", "-i"});
    CHECK_EXIT(r, 0);
    std::istringstream in(r.out);
    std::string line;
    int current = 0;
    while (std::getline(in, line)) {
        if (contains(line, "(current)")) {
            ++current;
            BOOST_TEST(contains(line, "-> bbb222"), line);
        }
    }
    BOOST_TEST(current == 1, r.out);
}

BOOST_AUTO_TEST_CASE(current_format_json_lists_current_heads_and_up_to_date) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "aaa111"}), 0);
    auto r = retort({"current", "--format", "json"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(r.out ==
               "{\"command\":\"current\",\"status\":\"ok\",\"exit_code\":0,\"current\":[\"aaa111\"],"
               "\"heads\":[\"bbb222\"],\"up_to_date\":false}\n");
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    r = retort({"current", "--format=json"});
    BOOST_TEST(r.out ==
               "{\"command\":\"current\",\"status\":\"ok\",\"exit_code\":0,\"current\":[\"bbb222\"],"
               "\"heads\":[\"bbb222\"],\"up_to_date\":true}\n");
}

BOOST_AUTO_TEST_CASE(version_table_drives_a_project_built_with_another_version_table) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"--version-table", "app_version", "upgrade", "aaa111"}), 0);
    BOOST_TEST(scalar("SELECT version_num FROM app_version") == "aaa111");
    BOOST_TEST(scalar("SELECT to_regclass('alembic_version') IS NULL") == "t");
    BOOST_TEST(retort({"--version-table=app_version", "current"}).out == "aaa111\n");
    CHECK_EXIT(retort({"--version-table", "app version", "current"}), 2);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(offline, fixture)

struct offline_dir : fixture {
    offline_dir() {
        write_revision(dir, "1.sql", "aaa111", {}, "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);",
                       "DROP TABLE users;");
        write_revision(
            dir, "2.sql", "bbb222", {"aaa111"},
            "CREATE FUNCTION greet(n text) RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 'it''s ' || n;\n"
            "END;\n$$;\nINSERT INTO users VALUES (1, 'a\\b');",
            "DROP FUNCTION greet(text);\nDELETE FROM users;");
        write_revision(dir, "3.sql", "ccc333", {"bbb222"}, "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);",
                       "DROP INDEX CONCURRENTLY users_name_idx;", {"Transactional: false"});
    }
};

BOOST_FIXTURE_TEST_CASE(upgrade_sql_applied_with_psql_gives_the_same_database_as_an_online_run, offline_dir) {
    auto sql = retort({"upgrade", "head", "--sql"});
    CHECK_EXIT(sql, 0);
    fs::path script = tmp.path / "up.sql";
    std::ofstream(script) << sql.out;

    scratch_database other{"cli_offline"};
    auto applied =
        command({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", other.name(), "-f", script.string()}, other);
    CHECK_EXIT(applied, 0);
    CHECK_EXIT(retort({"upgrade", "head"}), 0);

    BOOST_TEST(schema_of(*this, db) == schema_of(*this, other));
    connection oc = other.connect();
    auto rows_of = [](connection& c, const std::string& sql_text) {
        strings out;
        for (const auto& row : c.query(sql_text).rows) {
            std::string line;
            for (const auto& v : row) line += v.value_or("<null>") + "|";
            out.push_back(line);
        }
        return out;
    };
    const std::string version = "SELECT version_num FROM alembic_version ORDER BY 1";
    const std::string history =
        "SELECT revision, status, upgrade_checksum, downgrade_checksum, upgrade_sql FROM alembic_version_history ORDER "
        "BY 1";
    const std::string data = "SELECT id, name, greet(name) FROM users ORDER BY 1";
    BOOST_TEST(rows_of(conn, version) == rows_of(oc, version), boost::test_tools::per_element());
    BOOST_TEST(rows_of(conn, history) == rows_of(oc, history), boost::test_tools::per_element());
    BOOST_TEST(rows_of(conn, data) == rows_of(oc, data), boost::test_tools::per_element());
    BOOST_TEST(rows_of(oc, version) == strings{"ccc333|"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(upgrade_sql_output_is_deterministic, offline_dir) {
    auto first = retort({"upgrade", "head", "--sql"});
    auto second = retort({"upgrade", "head", "--sql"});
    CHECK_EXIT(first, 0);
    BOOST_TEST(!first.out.empty());
    BOOST_TEST(first.out == second.out);
}

BOOST_FIXTURE_TEST_CASE(downgrade_sql_from_to_reverts_the_range, offline_dir) {
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto sql = retort({"downgrade", "--sql", "ccc333:aaa111"});
    CHECK_EXIT(sql, 0);
    fs::path script = tmp.path / "down.sql";
    std::ofstream(script) << sql.out;
    CHECK_EXIT(command({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.name(), "-f", script.string()}, db), 0);
    CHECK_STRINGS(version_rows(), "aaa111");
    BOOST_TEST(!exists("users_name_idx"));
    BOOST_TEST(exists("users"));
    BOOST_TEST(scalar("SELECT count(*) FROM users") == "0");
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_history ORDER BY 1"), "aaa111");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(failures, fixture)

BOOST_AUTO_TEST_CASE(a_failure_in_the_middle_names_file_line_revision_and_sqlstate) {
    write_table_revision(dir, "1.sql", "aaa111", {});
    write_table_revision(dir, "2.sql", "bbb222", {"aaa111"});
    auto first = write_revision(dir, "3_bad.sql", "ccc333", {"bbb222"},
                                "CREATE TABLE t_ccc333 (id int);\nINSERT INTO t_ccc333\n  VALUES (1, 2, 3);",
                                "DROP TABLE t_ccc333;");
    write_table_revision(dir, "4.sql", "ddd444", {"ccc333"});
    write_table_revision(dir, "5.sql", "eee555", {"ddd444"});
    auto r = retort({"upgrade", "head"});
    BOOST_TEST(r.status != 0);
    BOOST_TEST(contains(r.err, "3_bad.sql:" + std::to_string(first + 2)), r.err);
    BOOST_TEST(contains(r.err, "ccc333"), r.err);
    BOOST_TEST(contains(r.err, "42601"), r.err);  // INSERT has more expressions than target columns
    CHECK_STRINGS(version_rows(), "bbb222");
    CHECK_STRINGS(column("SELECT revision FROM alembic_version_history ORDER BY 1"), "aaa111", "bbb222");
    BOOST_TEST(!exists("t_ccc333"));
    BOOST_TEST(exists("t_bbb222"));
}

BOOST_AUTO_TEST_CASE(an_unfinished_revision_makes_upgrade_exit_6_until_resume_completes_it) {
    write_table_revision(dir, "1.sql", "aaa111", {});
    write_revision(
        dir, "2.sql", "bbb222", {"aaa111"},
        "CREATE INDEX CONCURRENTLY a_idx ON t_aaa111 (id);\nCREATE INDEX CONCURRENTLY m_idx ON missing (id);",
        std::nullopt, {"Transactional: false"});
    auto failed = retort({"upgrade", "head"});
    CHECK_EXIT(failed, 1);
    auto refused = retort({"upgrade", "head"});
    CHECK_EXIT(refused, 6);
    BOOST_TEST(contains(refused.err, "bbb222"), refused.err);
    CHECK_EXIT(command({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.name(), "-c",
                        "CREATE TABLE missing (id int)"},
                       db),
               0);
    auto resumed = retort({"upgrade", "--resume"});
    CHECK_EXIT(resumed, 0);
    BOOST_TEST(exists("m_idx"));
    CHECK_STRINGS(version_rows(), "bbb222");
    BOOST_TEST(scalar("SELECT status FROM alembic_version_history WHERE revision = 'bbb222'") == "applied");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(concurrency, fixture)

BOOST_AUTO_TEST_CASE(eight_concurrent_upgrades_apply_every_revision_exactly_once) {
    write_revision(dir, "1.sql", "aaa111", {}, "CREATE TABLE counter (n int); SELECT pg_sleep(0.2);",
                   "DROP TABLE counter;");
    write_revision(dir, "2.sql", "bbb222", {"aaa111"}, "INSERT INTO counter VALUES (1);", "DELETE FROM counter;");
    write_revision(dir, "3.sql", "ccc333", {"bbb222"}, "CREATE TABLE t3 (id int); SELECT pg_sleep(0.1);",
                   "DROP TABLE t3;");
    write_revision(dir, "4.sql", "ddd444", {"ccc333"}, "CREATE TABLE t4 (id int);", "DROP TABLE t4;");
    std::vector<child_process> running;
    for (int i = 0; i < 8; ++i) running.push_back(spawn(tmp.path, tool({"upgrade", "head"}), base_env(db)));
    for (auto& p : running) {
        auto r = finish(p);
        CHECK_EXIT(r, 0);
    }
    BOOST_TEST(scalar("SELECT count(*) FROM counter") == "1");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history") == "4");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE operation = 'upgrade' AND outcome = 'success'") ==
               "4");
    CHECK_STRINGS(version_rows(), "ddd444");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(connections, fixture)

BOOST_AUTO_TEST_CASE(a_database_url_password_never_appears_in_the_output) {
    chain({"aaa111"});
    const std::string url = "postgresql://postgres:hunter2secret@/nodb?host=/nonexistent/retort-socket-dir";
    auto r = retort({"upgrade", "head"}, {{"DATABASE_URL", url}});
    CHECK_EXIT(r, 5);
    BOOST_TEST(!contains(r.err, "hunter2secret"), r.err);
    BOOST_TEST(!contains(r.out, "hunter2secret"), r.out);
    auto option = retort({"current", "--database-url", url});
    CHECK_EXIT(option, 5);
    BOOST_TEST(!contains(option.err + option.out, "hunter2secret"), option.err);
    auto keyword = retort({"upgrade"}, {{"DATABASE_HOST", "/nonexistent/retort-socket-dir"},
                                        {"DATABASE_PASSWORD", "hunter2secret"}});
    CHECK_EXIT(keyword, 5);
    BOOST_TEST(!contains(keyword.err + keyword.out, "hunter2secret"), keyword.err);
}

BOOST_AUTO_TEST_CASE(database_host_port_name_user_are_honoured) {
    chain({"aaa111"});
    const char* host = std::getenv("PGHOST");
    const char* port = std::getenv("PGPORT");
    BOOST_REQUIRE(host && port);
    auto r = retort({"upgrade", "head"}, {{"DATABASE_HOST", host},
                                          {"DATABASE_PORT", port},
                                          {"DATABASE_NAME", db.name()},
                                          {"DATABASE_USER", "postgres"},
                                          {"PGHOST", "/nonexistent/retort-socket-dir"},
                                          {"PGPORT", "1"},
                                          {"PGDATABASE", "nodb"},
                                          {"PGUSER", "nobody"}});
    CHECK_EXIT(r, 0);
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_AUTO_TEST_CASE(database_url_is_honoured) {
    chain({"aaa111"});
    const std::string url =
        "postgresql://postgres@/" + db.name() + "?host=" + std::getenv("PGHOST") + "&port=" + std::getenv("PGPORT");
    auto r = retort({"upgrade", "head"},
                    {{"DATABASE_URL", url}, {"PGHOST", "/nonexistent/retort-socket-dir"}, {"PGDATABASE", "nodb"}});
    CHECK_EXIT(r, 0);
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
// What a run costs on the server, counted in the server's own log (log_statement = all for this database
// only; the fixture's cluster logs to <cluster>/log, beside its socket directory).
BOOST_FIXTURE_TEST_SUITE(cost, fixture)

namespace {

// The statements the server logged for this database's sessions while `run` ran.
template <class Run>
strings statements_logged(fixture& f, Run run) {
    const fs::path log = fs::path(std::getenv("PGHOST")).parent_path() / "log";
    f.conn.execute("ALTER DATABASE \"" + f.db.name() + "\" SET log_statement = 'all'");
    const auto before = fs::file_size(log);
    run();
    f.conn.execute("ALTER DATABASE \"" + f.db.name() + "\" RESET log_statement");
    std::ifstream in(log, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(before));
    // Simple-protocol queries are logged as `statement: ...`, extended-protocol ones as `execute <name>: ...`.
    strings out;
    for (std::string line; std::getline(in, line);) {
        if (auto at = line.find("LOG:  statement: "); at != std::string::npos) out.push_back(line.substr(at + 17));
        if (auto at = line.find("LOG:  execute "); at != std::string::npos) out.push_back(line.substr(at + 14));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_upgrade_of_an_up_to_date_database_sends_one_statement_and_takes_no_lock) {
    chain({"aaa111", "bbb222", "ccc333"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto sent = statements_logged(*this, [&] { CHECK_EXIT(retort({"upgrade", "head"}), 0); });
    BOOST_TEST_REQUIRE(sent.size() == 1U, join(sent, "\n"));
    BOOST_TEST(contains(sent[0], "SELECT 'row', version_num"), sent[0]);  // the state query
    BOOST_TEST(!contains(sent[0], "advisory"), sent[0]);
}

BOOST_AUTO_TEST_CASE(check_of_an_unedited_database_sends_one_statement) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto sent = statements_logged(*this, [&] { CHECK_EXIT(retort({"check"}), 0); });
    BOOST_TEST(sent.size() == 1U, join(sent, "\n"));
}

BOOST_AUTO_TEST_SUITE_END()
