// The security claims of docs/runtime.md#security, each against a real server: identifiers quoted as
// libpq quotes them (hostile schema and version table names create exactly those names and run nothing),
// targets that are not revisions never reach SQL, passwords never reach output or retort's tables (over
// TCP with password authentication, also when the connection or a revision fails), TLS settings reach
// libpq untouched, and the documented privileges are enough (and needed).
#define BOOST_TEST_MODULE security_tests
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/sql_text.hpp"
#include "directory/directory.hpp"
#include "retort/catalog.hpp"
#include "retort/migrator.hpp"
#include "tcp_cluster.hpp"
#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;
using retort::connection;

const strings hostile_names = {
    "plain",   "MixedCase", "with space",  "it's",       "say \"hi\"",
    "\"",      "\"\"",      "back\\slash", "semi;colon", "x\"; DROP TABLE victim; --",
    "ünïcödé", "$1",        "a.b",
};

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(identifiers, tool_fixture)

BOOST_AUTO_TEST_CASE(retort_quotes_identifiers_exactly_as_libpq_does) {
    for (const auto& name : hostile_names)
        BOOST_TEST(retort::quote_identifier(name) == conn.quote_identifier(name), name);
}

BOOST_AUTO_TEST_CASE(literals_read_back_as_written_whatever_standard_conforming_strings_says) {
    const strings texts = {"plain", "it's", "''", "back\\slash", "\\'", "E'x'", "$$ $x$", "ünïcödé", "a\nb"};
    for (const std::string setting : {"on", "off"}) {
        conn.execute("SET standard_conforming_strings = " + setting);
        for (const auto& text : texts)
            BOOST_TEST(scalar("SELECT " + retort::quote_literal(text)) == text, setting << ": " << text);
    }
}

BOOST_AUTO_TEST_CASE(a_schema_name_with_quotes_spaces_and_a_backslash_creates_exactly_that_schema) {
    const std::string schema = "it's a \"b\\c\" d";
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "--schema", schema, "-q"}), 0);
    const std::optional<std::string> params[] = {schema};
    auto in_schema = conn.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND "
        "c.relkind = 'r' ORDER BY 1",
        params);
    strings tables;
    for (const auto& row : in_schema.rows) tables.push_back(row.at(0).value_or(""));
    CHECK_STRINGS(tables, "alembic_version", "alembic_version_history", "alembic_version_log", "t_aaa111");
    BOOST_TEST(!exists("public.alembic_version"));
    BOOST_TEST(scalar("SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND "
                      "nspname NOT LIKE 'pg\\_%'") == "1");
    auto current = retort({"current", "--schema", schema});
    CHECK_EXIT(current, 0);
    BOOST_TEST(current.out == "aaa111 (head)\n");
    CHECK_EXIT(retort({"downgrade", "base", "--schema", schema, "-q"}), 0);
    BOOST_TEST(scalar("SELECT to_regclass(" + retort::quote_literal(retort::quote_identifier(schema) + ".t_aaa111") +
                      ") IS NULL") == "t");
}

BOOST_AUTO_TEST_CASE(a_schema_name_cannot_inject_sql) {
    conn.execute("CREATE TABLE victim (id int)");
    const std::string schema = "x\"; DROP TABLE victim; --";
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "--schema", schema, "-q"}), 0);
    CHECK_EXIT(retort({"stamp", "base", "--schema", schema, "-q"}), 0);
    BOOST_TEST(exists("public.victim"));
    BOOST_TEST(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = " + retort::quote_literal(schema)) == "1");
}

BOOST_AUTO_TEST_CASE(a_version_table_name_cannot_inject_sql) {
    conn.execute("CREATE TABLE victim (id int)");
    chain({"aaa111", "bbb222"});
    retort::catalog_source source = retort::directory_source(dir);
    source.version_table = "v\"; DROP TABLE victim; --";
    retort::catalog c = retort::load_or_throw(source);
    {
        connection session = db.connect();
        retort::migrator m(c, session, {}, "test-version");
        const std::vector<std::string> head{"head"}, base{"aaa111"};
        m.upgrade(head);
        m.upgrade(head);  // the up-to-date path reads the tables by name too
        m.downgrade(base);
    }
    BOOST_TEST(exists("public.victim"));
    CHECK_STRINGS(column("SELECT relname FROM pg_class WHERE relname LIKE 'v\"%' AND relkind = 'r' ORDER BY 1"),
                  c.version_table, c.version_table + "_history", c.version_table + "_log");
    CHECK_STRINGS(column("SELECT version_num FROM " + retort::quote_identifier(c.version_table)), "aaa111");
}

BOOST_AUTO_TEST_CASE(a_target_that_is_not_a_revision_never_reaches_sql) {
    conn.execute("CREATE TABLE victim (id int)");
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    const std::string hostile = "aaa111'); DROP TABLE victim; --";
    for (const strings& args : {strings{"upgrade", hostile}, strings{"downgrade", hostile}, strings{"stamp", hostile},
                                strings{"show", hostile}, strings{"accept-edit", hostile, "--reason", "x"}}) {
        auto r = retort(args);
        BOOST_TEST_CONTEXT(args.front()) {
            CHECK_EXIT(r, 2);
            BOOST_TEST(contains(r.err, "no revision '" + hostile + "'"), r.err);
        }
    }
    BOOST_TEST(exists("public.victim"));
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE detail LIKE '%victim%'") == "0");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
namespace {

// The word no output or table may contain: every password below holds it.
const std::string secret_word = "s3cretHorse";

// Spaces, quotes and a backslash: it must survive DATABASE_PASSWORD's quoting and a URL's percent-encoding.
const std::string password = secret_word + " it's \"quoted\" \\ too";

std::string percent_encoded(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) != 0) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

int databases = 0;

// One cluster for every case that needs password authentication: starting one takes seconds.
const tcp_cluster& server() {
    static const tcp_cluster cluster{password};
    return cluster;
}

// A database of its own on the cluster that asks for passwords over TCP, and the tool pointed at it by
// each case's variables only (the shared fixture's socket is hidden).
struct password_server {
    temp_dir tmp{"security"};
    fs::path dir = tmp.path / "migrations";
    std::string port = std::to_string(server().port());
    std::string dbname = "app_" + std::to_string(++databases);

    password_server() {
        fs::create_directory(dir);
        server().connect().execute("CREATE DATABASE " + retort::quote_identifier(dbname));
    }

    result retort(const strings& args, const env_changes& extra = {}) {
        strings argv{RETORT_TOOL, "--dir", dir.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        env_changes env{{"PGHOST", "/nonexistent/retort-socket-dir"},
                        {"PGPASSWORD", std::nullopt},
                        {"PGSSLMODE", std::nullopt},
                        {"DATABASE_URL", std::nullopt},
                        {"DATABASE_HOST", std::nullopt},
                        {"DATABASE_PORT", std::nullopt},
                        {"DATABASE_NAME", std::nullopt},
                        {"DATABASE_USER", std::nullopt},
                        {"DATABASE_PASSWORD", std::nullopt}};
        env.insert(env.end(), extra.begin(), extra.end());
        return finish(spawn(tmp.path, argv, env));
    }
    env_changes variables(const std::string& pw) const {
        return {{"DATABASE_HOST", "127.0.0.1"},
                {"DATABASE_PORT", port},
                {"DATABASE_NAME", dbname},
                {"DATABASE_USER", "postgres"},
                {"DATABASE_PASSWORD", pw}};
    }
    std::string url(const std::string& pw, const std::string& query = "") const {
        return "postgresql://postgres:" + percent_encoded(pw) + "@127.0.0.1:" + port + "/" + dbname + query;
    }
    std::string keywords(const std::string& pw, const std::string& more = "") const {
        return "host=127.0.0.1 port=" + port + " dbname=" + dbname + " user=postgres password=" + conninfo_value(pw) +
               more;
    }
    // Every row of retort's history and log tables, as text.
    strings recorded_rows() const {
        auto c = server().connect(dbname);
        strings out;
        for (const std::string table : {"alembic_version_history", "alembic_version_log"})
            for (const auto& row : c.query("SELECT t::text FROM " + table + " t").rows)
                out.push_back(row.at(0).value_or(""));
        return out;
    }
};

void check_no_secret(const result& r) {
    BOOST_TEST(!contains(r.out, secret_word), r.out);
    BOOST_TEST(!contains(r.err, secret_word), r.err);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(passwords, password_server)

BOOST_AUTO_TEST_CASE(a_wrong_password_is_refused_by_the_server_and_never_printed) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const std::string wrong = secret_word + "-but-wrong";
    for (const auto& [args, env] :
         std::vector<std::pair<strings, env_changes>>{{{"upgrade"}, variables(wrong)},
                                                      {{"upgrade"}, {{"DATABASE_URL", url(wrong)}}},
                                                      {{"current", "--database-url", url(wrong)}, {}},
                                                      {{"check", "--database-url", keywords(wrong)}, {}}}) {
        auto r = retort(args, env);
        CHECK_EXIT(r, 5);
        BOOST_TEST(contains(r.err, "FATAL:  password authentication failed for user \"postgres\""), r.err);
        check_no_secret(r);
    }
}

BOOST_AUTO_TEST_CASE(a_password_never_reaches_output_or_the_tables_when_revisions_or_the_connection_fail) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_revision(
        dir, "2_bbb222.sql", "bbb222", {"aaa111"},
        "CREATE INDEX CONCURRENTLY a_idx ON t_aaa111 (id);\nCREATE INDEX CONCURRENTLY m_idx ON missing (id);",
        std::nullopt, {"Transactional: false"});
    const env_changes by_variables = variables(password), by_url = {{"DATABASE_URL", url(password)}};
    std::vector<std::pair<result, int>> runs;
    runs.emplace_back(retort({"upgrade"}, by_variables), 1);  // bbb222 fails at its second statement
    runs.emplace_back(retort({"upgrade"}, by_url), 6);        // and stays unfinished
    runs.emplace_back(retort({"check"}, by_url), 6);
    runs.emplace_back(retort({"history", "--verbose"}, by_variables), 0);
    runs.emplace_back(retort({"current", "--database-url", url(password)}), 0);
    runs.emplace_back(retort({"stamp", "aaa111", "--purge", "--database-url", keywords(password)}), 0);
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "INSERT INTO missing VALUES (1);", std::nullopt);
    runs.emplace_back(retort({"upgrade"}, by_url), 1);  // a transactional revision fails
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "SELECT pg_terminate_backend(pg_backend_pid());",
                   std::nullopt);
    runs.emplace_back(retort({"upgrade"}, by_variables), 5);  // the connection is lost mid-run
    for (const auto& [r, status] : runs) {
        CHECK_EXIT(r, status);
        check_no_secret(r);
    }
    const auto rows = recorded_rows();
    BOOST_TEST(rows.size() > 5U);
    for (const auto& row : rows) BOOST_TEST(!contains(row, secret_word), row);
}

// libpq's parse error quotes the word after the space of an unquoted password.
BOOST_AUTO_TEST_CASE(an_unquoted_password_with_spaces_is_never_echoed) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    auto r =
        retort({"current", "--database-url",
                "host=127.0.0.1 port=" + port + " dbname=" + dbname + " password=" + secret_word + " battery staple"});
    CHECK_EXIT(r, 5);
    BOOST_TEST(contains(r.err, "in connection info string"), r.err);
    check_no_secret(r);
    BOOST_TEST(!contains(r.err, "battery"), r.err);
    BOOST_TEST(!contains(r.err, "staple"), r.err);
}

// What Alembic's users have in their environment: SQLAlchemy's scheme+driver URLs connect as libpq's own.
BOOST_AUTO_TEST_CASE(sqlalchemy_urls_and_postgres_scheme_connect_without_their_driver) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const std::string rest = "://postgres:" + percent_encoded(password) + "@127.0.0.1:" + port + "/" + dbname;
    for (const std::string scheme :
         {"postgresql+psycopg2", "postgresql+asyncpg", "postgresql+psycopg", "postgres", "postgres+psycopg2"}) {
        auto r = retort({"upgrade", "--database-url", scheme + rest});
        CHECK_EXIT(r, 0);
        check_no_secret(r);
    }
    BOOST_TEST(server().connect(dbname).query("SELECT version_num FROM alembic_version").rows.size() == 1U);
}

// Every shape a password takes in a connection string, with a password holding '@', ':', '/' and '?'
// (percent-encoded as it should be, and raw as people write it): a refused or unparsable connection
// never prints it, whatever libpq's message quotes.
BOOST_AUTO_TEST_CASE(no_url_shape_ever_prints_its_password) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const std::string wrong = secret_word + "@:/?x";
    const std::string at = "@127.0.0.1:" + port + "/" + dbname;
    const strings shapes = {
        "postgresql://postgres:" + percent_encoded(wrong) + at,
        "postgresql+psycopg2://postgres:" + percent_encoded(wrong) + at,
        "postgresql+asyncpg://postgres:" + percent_encoded(wrong) + at,
        "postgres://postgres:" + percent_encoded(wrong) + at,
        "postgresql://postgres:" + wrong + at,
        "postgresql+psycopg2://postgres:" + wrong + at,
        "postgresql://postgres:ab/" + secret_word + at,
        "postgresql://postgres:" + secret_word + "%zz" + at,
        "postgresql://postgres" + at + "?password=" + percent_encoded(wrong),
        "postgresql://postgres" + at + "?sslmode=disable&password=" + secret_word + "&connect_timeout=10",
        keywords(wrong),
        "host=127.0.0.1 port=" + port + " dbname=" + dbname + " user=postgres password=" + secret_word,
        "host=127.0.0.1 port=" + port + " dbname=" + dbname + " password = '" + secret_word + "' user=postgres",
    };
    for (const auto& url : shapes) {
        BOOST_TEST_CONTEXT(url) {
            auto r = retort({"current", "--database-url", url});
            BOOST_TEST(r.status != 0);
            BOOST_TEST(!contains(r.err, "@:/?x"), r.err);
            check_no_secret(r);
            auto by_env = retort({"upgrade"}, {{"DATABASE_URL", url}});
            BOOST_TEST(by_env.status != 0);
            check_no_secret(by_env);
        }
    }
}

BOOST_AUTO_TEST_CASE(database_variables_are_values_and_cannot_add_connection_parameters) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    auto env = variables(password);
    env.emplace_back("DATABASE_NAME", dbname + "' host='/nonexistent");
    auto r = retort({"current"}, env);
    CHECK_EXIT(r, 5);
    BOOST_TEST(contains(r.err,
                        "(host=127.0.0.1 port=" + port + " dbname=" + dbname + "' host='/nonexistent user=postgres)"),
               r.err);
    BOOST_TEST(contains(r.err, "FATAL:  database \"" + dbname + "' host='/nonexistent\" does not exist"), r.err);
    check_no_secret(r);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(tls_settings, password_server)

// The server has no TLS: `require` fails with libpq's own message, the other modes connect.
BOOST_AUTO_TEST_CASE(sslmode_in_a_url_reaches_libpq_untouched) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    auto required = retort({"current", "--database-url", url(password, "?sslmode=require")});
    CHECK_EXIT(required, 5);
    BOOST_TEST(contains(required.err, "server does not support SSL, but SSL was required"), required.err);
    check_no_secret(required);
    auto from_variable = retort({"current"}, {{"DATABASE_URL", url(password, "?sslmode=verify-full")}});
    CHECK_EXIT(from_variable, 5);
    BOOST_TEST(contains(from_variable.err, "server does not support SSL, but SSL was required"), from_variable.err);
    for (const std::string mode : {"disable", "allow", "prefer"}) {
        BOOST_TEST_CONTEXT(mode) {
            CHECK_EXIT(retort({"current", "--database-url", url(password, "?sslmode=" + mode)}), 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(sslmode_in_a_keyword_string_and_in_pgsslmode_reaches_libpq_untouched) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    auto keyword = retort({"current", "--database-url", keywords(password, " sslmode=require")});
    CHECK_EXIT(keyword, 5);
    BOOST_TEST(contains(keyword.err, "server does not support SSL, but SSL was required"), keyword.err);
    auto with_variables = variables(password);
    with_variables.emplace_back("PGSSLMODE", "require");
    auto environment = retort({"current"}, with_variables);
    CHECK_EXIT(environment, 5);
    BOOST_TEST(contains(environment.err, "server does not support SSL, but SSL was required"), environment.err);
    auto bogus = retort({"current", "--database-url", keywords(password, " sslmode=bogus")});
    CHECK_EXIT(bogus, 5);
    BOOST_TEST(contains(bogus.err, "invalid sslmode value: \"bogus\""), bogus.err);
    CHECK_EXIT(retort({"current", "--database-url", keywords(password, " sslmode=disable")}), 0);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(privileges, tool_fixture)

// docs/runtime.md#privileges: CREATE on the schema, DML on the three tables and USAGE on the log's
// sequence when another role owns them.
BOOST_AUTO_TEST_CASE(a_role_with_the_documented_privileges_migrates_tables_another_role_owns) {
    chain({"aaa111", "bbb222"});
    CHECK_EXIT(retort({"upgrade", "aaa111", "-q"}), 0);  // postgres creates and owns the tables
    scratch_role migrator{db, "retort_migrator"};
    conn.execute("GRANT CREATE ON SCHEMA public TO " + migrator.quoted +
                 "; GRANT SELECT, INSERT, UPDATE, DELETE ON alembic_version, alembic_version_history, "
                 "alembic_version_log TO " +
                 migrator.quoted + "; GRANT USAGE ON SEQUENCE alembic_version_log_id_seq TO " + migrator.quoted);
    CHECK_EXIT(retort({"upgrade", "-q"}, migrator.as()), 0);
    CHECK_EXIT(retort({"downgrade", "aaa111", "-q"}, migrator.as()), 0);
    CHECK_EXIT(retort({"stamp", "bbb222", "-q"}, migrator.as()), 0);
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_CASE(create_on_the_schema_and_with_schema_on_the_database_is_needed_on_every_run) {
    chain({"aaa111"});
    scratch_role migrator{db, "retort_migrator"};
    conn.execute("GRANT CREATE ON SCHEMA public TO " + migrator.quoted);
    CHECK_EXIT(retort({"upgrade", "-q"}, migrator.as()), 0);
    conn.execute("REVOKE CREATE ON SCHEMA public FROM " + migrator.quoted);
    auto without_schema_create = retort({"stamp", "base"}, migrator.as());
    CHECK_EXIT(without_schema_create, 1);
    BOOST_TEST(contains(without_schema_create.err, "42501: permission denied for schema public"),
               without_schema_create.err);
    auto without_database_create = retort({"upgrade", "--schema", "app"}, migrator.as());
    CHECK_EXIT(without_database_create, 1);
    BOOST_TEST(contains(without_database_create.err, "42501: permission denied for database " + db.name()),
               without_database_create.err);
    conn.execute("GRANT CREATE ON DATABASE " + conn.quote_identifier(db.name()) + " TO " + migrator.quoted);
    CHECK_EXIT(retort({"upgrade", "--schema", "app", "-q"}, migrator.as()), 0);
}

BOOST_AUTO_TEST_CASE(a_read_only_role_can_run_current_history_check_and_an_up_to_date_upgrade) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade", "-q"}), 0);
    scratch_role reader{db, "retort_reader"};
    conn.execute("GRANT SELECT ON alembic_version, alembic_version_history TO " + reader.quoted);
    auto current = retort({"current"}, reader.as());
    CHECK_EXIT(current, 0);
    BOOST_TEST(current.out == "aaa111 (head)\n");
    auto history = retort({"history", "--indicate-current"}, reader.as());
    CHECK_EXIT(history, 0);
    BOOST_TEST(contains(history.out, "(current)"), history.out);
    CHECK_EXIT(retort({"check"}, reader.as()), 0);
    CHECK_EXIT(retort({"upgrade"}, reader.as()), 0);
    auto stamp = retort({"stamp", "base"}, reader.as());
    CHECK_EXIT(stamp, 1);
    BOOST_TEST(contains(stamp.err, "42501"), stamp.err);
}

BOOST_AUTO_TEST_SUITE_END()
