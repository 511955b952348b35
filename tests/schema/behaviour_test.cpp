// autogenerate's behaviour beyond single object kinds: dependency order, renames, hazards, what it
// does not model, several heads, pg_dump files as the declared schema; check_declared; check_drift.
#include <boost/test/unit_test.hpp>

#include <set>

#include "schema_fixture.hpp"

using namespace retort::testing;
using namespace retort::schema;
using retort::graph;
using retort::rev_index;

namespace {

std::string sql_of(const autogenerate_result& r) { return upgrade_sql(r); }

std::size_t at(const std::string& text, const std::string& part) {
    auto i = text.find(part);
    BOOST_TEST_REQUIRE(i != std::string::npos, "missing: " << part << "\n" << text);
    return i;
}

std::vector<rev_index> all_revisions(const graph& g) {
    std::vector<rev_index> out;
    for (rev_index i = 0; i < g.size(); ++i) out.push_back(i);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dependency_order)

BOOST_AUTO_TEST_CASE(creates_come_before_their_users_whatever_the_declared_order) {
    std::string declared =
        "CREATE VIEW recent AS SELECT o.id FROM orders o JOIN customer c ON c.id = o.customer_id;"
        "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer (id), status status DEFAULT "
        "next_status());"
        "CREATE TABLE customer (id int PRIMARY KEY);"
        "CREATE TYPE status AS ENUM ('new', 'paid');"
        "CREATE FUNCTION next_status() RETURNS status LANGUAGE sql AS $$SELECT 'new'::status$$;";
    // The declared file must load, so it is written in an order the server accepts; the plan's order
    // comes from the dependency graph, not from the file.
    std::string loadable =
        "CREATE TYPE status AS ENUM ('new', 'paid');"
        "CREATE FUNCTION next_status() RETURNS status LANGUAGE sql AS $$SELECT 'new'::status$$;"
        "CREATE TABLE customer (id int PRIMARY KEY);"
        "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer (id), status status DEFAULT "
        "next_status());"
        "CREATE VIEW recent AS SELECT o.id FROM orders o JOIN customer c ON c.id = o.customer_id;";
    (void)declared;
    auto r = generate("", loadable);
    require_round_trip(r, "", loadable);
    std::string sql = sql_of(r);
    BOOST_TEST(at(sql, "CREATE TYPE public.status") < at(sql, "CREATE OR REPLACE FUNCTION public.next_status()"));
    BOOST_TEST(at(sql, "CREATE OR REPLACE FUNCTION public.next_status()") < at(sql, "CREATE TABLE public.orders"));
    BOOST_TEST(at(sql, "ADD CONSTRAINT customer_pkey") < at(sql, "ADD CONSTRAINT orders_customer_id_fkey"));
    BOOST_TEST(at(sql, "CREATE TABLE public.orders") < at(sql, "CREATE VIEW public.recent"));
    auto down = downgrade_sql(r);
    BOOST_TEST(at(down, "DROP VIEW public.recent") < at(down, "DROP TABLE public.orders"));
    BOOST_TEST(at(down, "DROP TABLE public.orders") < at(down, "DROP FUNCTION public.next_status()"));
    BOOST_TEST(at(down, "DROP FUNCTION public.next_status()") < at(down, "DROP TYPE public.status"));
}

BOOST_AUTO_TEST_CASE(foreign_keys_between_new_tables_in_a_cycle) {
    std::string declared =
        "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);"
        "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;";
    auto r = generate("", declared);
    require_round_trip(r, "", declared);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(renames)

BOOST_AUTO_TEST_CASE(without_a_hint_a_drop_and_an_add_ask_the_reviewer) {
    auto r = generate("CREATE TABLE person (id int, name text);", "CREATE TABLE person (id int, full_name text);");
    require_round_trip(r, "CREATE TABLE person (id int, name text);", "CREATE TABLE person (id int, full_name text);");
    std::string sql = sql_of(r);
    BOOST_TEST(contains(sql, "ALTER TABLE public.person DROP COLUMN name;"));
    BOOST_TEST(contains(sql, "-- hazard (data loss): deletes column public.person.name"));
    BOOST_TEST(contains(sql, "-- retort:rename column public.person.name full_name"));
}

BOOST_AUTO_TEST_CASE(a_column_rename_hint_keeps_the_data) {
    std::string start = "CREATE TABLE person (id int, name text);";
    std::string declared =
        "-- retort:rename column public.person.name full_name\nCREATE TABLE person (id int, full_name text);";
    auto r = generate(start, declared);
    require_round_trip(r, start, declared);
    BOOST_TEST_REQUIRE(r.upgrade.size() == 1u);
    BOOST_TEST(r.upgrade[0].sql == "ALTER TABLE public.person RENAME COLUMN name TO full_name;");
    BOOST_TEST(r.downgrade[0].sql == "ALTER TABLE public.person RENAME COLUMN full_name TO name;");
    // The data survives: a row written before the upgrade is read from the new name after it.
    auto db = test_server().create_database();
    auto conn = db.connect();
    conn.execute(start + "INSERT INTO person VALUES (1, 'Ada');");
    conn.execute(r.upgrade[0].sql);
    BOOST_TEST(*conn.query("SELECT full_name FROM person").rows.at(0).at(0) == "Ada");
}

BOOST_AUTO_TEST_CASE(a_table_rename_hint_keeps_the_rows_and_renames_what_it_names) {
    std::string start = "CREATE TABLE users (id int PRIMARY KEY); CREATE VIEW active AS SELECT id FROM users;";
    std::string declared =
        "-- retort:rename table public.users person\n"
        "CREATE TABLE person (id int, CONSTRAINT users_pkey PRIMARY KEY (id)); CREATE VIEW active AS SELECT id FROM "
        "person;";
    auto r = generate(start, declared);
    require_round_trip(r, start, declared);
    BOOST_TEST(r.upgrade.size() == 1u);
    BOOST_TEST(r.upgrade.at(0).sql == "ALTER TABLE public.users RENAME TO person;");
}

BOOST_AUTO_TEST_CASE(a_hint_that_no_longer_applies_is_a_note) {
    auto r = generate("CREATE TABLE person (full_name text);",
                      "-- retort:rename column public.person.name full_name\nCREATE TABLE person (full_name text);");
    BOOST_TEST(r.status == autogenerate_status::nothing_to_do);
}

BOOST_AUTO_TEST_CASE(a_malformed_hint_names_its_line) {
    try {
        generate("", "CREATE TABLE t (a int);\n-- retort:rename column t.a\n");
        BOOST_FAIL("no error");
    } catch (const retort::input_error& e) {
        BOOST_TEST(e.items().at(0).file == "declared.sql");
        BOOST_TEST(e.items().at(0).line == 2u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hazards)

BOOST_AUTO_TEST_CASE(each_statement_carries_its_hazards_and_the_list_has_them_all) {
    auto r = generate("CREATE TABLE t (id int, old text, n int);",
                      "CREATE TABLE t (id int, n bigint NOT NULL, created timestamptz DEFAULT clock_timestamp());");
    require_round_trip(r, "CREATE TABLE t (id int, old text, n int);",
                       "CREATE TABLE t (id int, n bigint NOT NULL, created timestamptz DEFAULT clock_timestamp());");
    std::set<hazard_kind> kinds;
    for (const auto& h : r.hazards()) kinds.insert(h.kind);
    BOOST_TEST(kinds.contains(hazard_kind::data_loss));
    BOOST_TEST(kinds.contains(hazard_kind::table_rewrite));
    BOOST_TEST(kinds.contains(hazard_kind::access_exclusive_lock));
    BOOST_TEST(kinds.contains(hazard_kind::full_scan));
    BOOST_TEST(contains(sql_of(r), "-- hazard (table rewrite): rewrites public.t to fill the new column created"));
}

BOOST_AUTO_TEST_CASE(a_widening_varchar_is_not_a_rewrite) {
    auto r = generate("CREATE TABLE t (s varchar(10));", "CREATE TABLE t (s varchar(20));");
    require_round_trip(r, "CREATE TABLE t (s varchar(10));", "CREATE TABLE t (s varchar(20));");
    for (const auto& h : r.hazards()) BOOST_TEST((h.kind != hazard_kind::table_rewrite));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(what_is_not_modelled)

BOOST_AUTO_TEST_CASE(an_unmodelled_kind_fails_loudly_and_names_the_object) {
    std::string declared =
        "CREATE TABLE t (x int); CREATE AGGREGATE my_sum (int) (SFUNC = int4pl, STYPE = int);"
        "CREATE RULE t_ignore AS ON DELETE TO t DO INSTEAD NOTHING;";
    auto r = generate("CREATE TABLE t (x int);", declared);
    BOOST_TEST(r.status == autogenerate_status::failed);
    std::string problems;
    for (const auto& p : r.problems) problems += p + "\n";
    BOOST_TEST(contains(problems, "aggregate"), problems);
    BOOST_TEST(contains(problems, "rule t_ignore on table public.t"), problems);
    auto unverified = generate("CREATE TABLE t (x int);", declared, {{}, true, true, {}});
    BOOST_TEST(unverified.status == autogenerate_status::unverified);
    retort::new_revision header{"a1b2c3d4e5f6", "m", "2026-01-01 00:00:00", {}, {}, {}, true};
    BOOST_TEST(contains(render_revisions(unverified, header, "x").at(0).text, "-- UNVERIFIED"));
}

BOOST_AUTO_TEST_CASE(check_fails_on_an_unmodelled_kind_even_when_nothing_else_differs) {
    inline_migrations m;
    m.add("CREATE TABLE t (x int); CREATE RULE t_ignore AS ON DELETE TO t DO INSTEAD NOTHING;");
    auto g = m.build();
    std::vector<declared_file> declared{
        {"schema.sql", "CREATE TABLE t (x int); CREATE RULE t_ignore AS ON DELETE TO t DO INSTEAD NOTHING;"}};
    auto r = check_declared({&g, {}}, declared, test_server());
    BOOST_TEST(!r.same);
    BOOST_TEST(r.diff.changes.empty());
    BOOST_TEST(!r.problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sources)

BOOST_AUTO_TEST_CASE(several_heads_are_compared_together_and_all_become_parents) {
    revision_files files;
    files.add_file("a.sql", "-- a\n-- Revision ID: a\n-- Revises:\n\n-- +upgrade\nCREATE TABLE base (id int);\n");
    files.add_file("b.sql",
                   "-- b\n-- Revision ID: b\n-- Revises: a\n\n-- +upgrade\nCREATE TABLE left_side (id int);\n");
    files.add_file("c.sql",
                   "-- c\n-- Revision ID: c\n-- Revises: a\n\n-- +upgrade\nCREATE TABLE right_side (id int);\n");
    auto g = retort::graph::build_or_throw(files.revisions());
    std::vector<declared_file> declared{{"schema.sql",
                                         "CREATE TABLE base (id int); CREATE TABLE left_side (id int);"
                                         "CREATE TABLE right_side (id int, note text);"}};
    auto r = autogenerate({&g, {}}, declared, test_server());
    BOOST_TEST(r.status == autogenerate_status::generated);
    BOOST_TEST((r.parents == std::vector<std::string>{"b", "c"}));
    BOOST_TEST(contains(sql_of(r), "ALTER TABLE public.right_side ADD COLUMN note text;"));
    auto narrowed = autogenerate({&g, {*g.find("b")}}, declared, test_server());
    BOOST_TEST((narrowed.parents == std::vector<std::string>{"b"}));
    BOOST_TEST(contains(sql_of(narrowed), "CREATE TABLE public.right_side"));
}

BOOST_AUTO_TEST_CASE(a_pg_dump_schema_only_file_is_a_declared_schema) {
    std::string schema =
        "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (id serial PRIMARY KEY, m mood,"
        " name text UNIQUE); CREATE INDEX t_m ON t (m); CREATE VIEW v AS SELECT id FROM t;"
        "COMMENT ON TABLE t IS 'dumped';";
    auto db = test_server().create_database();
    {
        auto conn = db.connect();
        conn.execute(schema);
    }
    std::string command = "pg_dump --schema-only --no-owner -d '" + db.name() + "'";
    FILE* p = popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(p != nullptr);
    std::string dump;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, p)) dump.append(buffer, n);
    BOOST_TEST_REQUIRE(pclose(p) == 0);
    auto same = generate(schema, dump);
    BOOST_TEST(same.status == autogenerate_status::nothing_to_do);
    auto r = generate("CREATE TABLE t (id int);", dump);
    require_round_trip(r, "CREATE TABLE t (id int);", dump);
}

BOOST_AUTO_TEST_CASE(a_declared_file_that_does_not_load_names_file_and_line) {
    try {
        generate("", "CREATE TABLE t (a int);\nCREATE TABLE u (b no_such_type);\n");
        BOOST_FAIL("no error");
    } catch (const retort::input_error& e) {
        BOOST_TEST(e.items().at(0).line == 2u);
        BOOST_TEST(contains(e.items().at(0).message, "no_such_type"));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(check_and_drift)

BOOST_AUTO_TEST_CASE(check_passes_when_the_migrations_produce_the_declared_schema) {
    inline_migrations m;
    m.add("CREATE TABLE t (id int);").add("ALTER TABLE t ADD COLUMN name text;");
    auto g = m.build();
    std::vector<declared_file> same{{"schema.sql", "CREATE TABLE t (id integer, name text);"}};
    BOOST_TEST(check_declared({&g, {}}, same, test_server()).same);
    std::vector<declared_file> other{{"schema.sql", "CREATE TABLE t (id bigint, name text, born date);"}};
    auto r = check_declared({&g, {}}, other, test_server());
    BOOST_TEST(!r.same);
    BOOST_TEST(r.diff.changes.size() == 2u);
    BOOST_TEST(contains(render_statements(r.would_generate), "ADD COLUMN born date"));
}

BOOST_AUTO_TEST_CASE(drift_reports_what_was_added_changed_and_removed_by_hand) {
    inline_migrations m;
    m.add("CREATE TABLE t (id int, name text); CREATE INDEX t_name ON t (name);");
    auto g = m.build();
    auto live = test_server().create_database();
    auto conn = live.connect();
    apply_revisions(conn, g, all_revisions(g));
    conn.execute("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)");
    read_options reading;
    reading.exclude_tables = {{"", "alembic_version"}};
    BOOST_TEST(!check_drift(conn, g, all_revisions(g), test_server(), reading).drifted);
    conn.execute("ALTER TABLE t ALTER COLUMN name TYPE varchar(50); DROP INDEX t_name; CREATE TABLE hotfix (x int)");
    auto r = check_drift(conn, g, all_revisions(g), test_server(), reading);
    BOOST_TEST(r.drifted);
    std::set<std::string> seen;
    for (const auto& i : r.items) seen.insert(std::string(action_name(i.action)) + " " + describe(i.key));
    BOOST_TEST(seen.contains("create table public.hotfix"));
    BOOST_TEST(seen.contains("drop index public.t_name"));
    BOOST_TEST(seen.contains("alter column public.t.name"));
}

BOOST_AUTO_TEST_SUITE_END()
