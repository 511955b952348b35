// autogenerate on a real PostgreSQL, one object kind at a time: a declared change, the revision
// retort writes, and the proof (require_round_trip) that its upgrade gives the declared schema and its
// downgrade gives the start back.
#define BOOST_TEST_MODULE schema_autogenerate_tests
#include <boost/test/unit_test.hpp>

#include "schema_fixture.hpp"

using namespace retort::testing;
using namespace retort::schema;

namespace {

void round_trip(const std::string& start, const std::string& declared, const std::vector<std::string>& expected = {}) {
    auto r = generate(start, declared);
    require_round_trip(r, start, declared);
    for (const auto& part : expected)
        BOOST_TEST(contains(upgrade_sql(r) + downgrade_sql(r), part), "missing: " << part << "\n"
                                                                                  << upgrade_sql(r)
                                                                                  << "\n--- downgrade\n"
                                                                                  << downgrade_sql(r));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nothing_to_do)

BOOST_AUTO_TEST_CASE(spelling_casts_and_white_space_are_not_changes) {
    auto r = generate("CREATE TABLE t (a int4 DEFAULT 0, b varchar(10) DEFAULT 'x', c timestamptz DEFAULT now());",
                      "create table t (\n  a integer default 0,\n  b character varying(10) default 'x'::varchar,\n"
                      "  c timestamp with time zone default now()\n);");
    BOOST_TEST(r.status == autogenerate_status::nothing_to_do);
    BOOST_TEST(r.upgrade.empty());
}

BOOST_AUTO_TEST_CASE(column_order_alone_is_a_note_not_a_change) {
    auto r = generate("CREATE TABLE t (a int, b int);", "CREATE TABLE t (b int, a int);");
    BOOST_TEST(r.status == autogenerate_status::nothing_to_do);
    BOOST_TEST_REQUIRE(r.notes.size() == 1u);
    BOOST_TEST(contains(r.notes[0], "another order"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(object_kinds)

BOOST_AUTO_TEST_CASE(schemas) {
    round_trip("", "CREATE SCHEMA billing; CREATE TABLE billing.invoice (id int);",
               {"CREATE SCHEMA billing;", "DROP SCHEMA billing;"});
}

BOOST_AUTO_TEST_CASE(extensions) {
    round_trip(
        "CREATE TABLE t (name text);",
        "CREATE EXTENSION pg_trgm; CREATE TABLE t (name text); CREATE INDEX t_name ON t USING gin (name gin_trgm_ops);",
        {"CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;", "DROP EXTENSION pg_trgm;"});
}

BOOST_AUTO_TEST_CASE(enum_value_added_in_its_position) {
    round_trip("CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (m mood);",
               "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood);",
               {"ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'sad';"});
}

BOOST_AUTO_TEST_CASE(enum_value_removed_recreates_the_type_around_its_users) {
    round_trip(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
        "CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]); CREATE VIEW v AS SELECT m FROM t;"
        "CREATE FUNCTION cheer(x mood) RETURNS mood LANGUAGE sql AS 'SELECT x';",
        "CREATE TYPE mood AS ENUM ('sad', 'happy');"
        "CREATE TABLE t (m mood DEFAULT 'happy', ms mood[]); CREATE VIEW v AS SELECT m FROM t;"
        "CREATE FUNCTION cheer(x mood) RETURNS mood LANGUAGE sql AS 'SELECT x';",
        {"ALTER TYPE public.mood RENAME TO mood__retort_old;", "USING m::text::public.mood",
         "USING ms::text[]::public.mood[]", "DROP TYPE public.mood__retort_old;"});
}

BOOST_AUTO_TEST_CASE(domains) {
    round_trip("CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TABLE t (n posint);",
               "CREATE DOMAIN posint AS int DEFAULT 1 NOT NULL CONSTRAINT small CHECK (VALUE < 100) CHECK (VALUE > 0);"
               "CREATE TABLE t (n posint); CREATE DOMAIN email AS text COLLATE \"C\";",
               {"ALTER DOMAIN public.posint SET DEFAULT 1;", "ADD CONSTRAINT small CHECK",
                "CREATE DOMAIN public.email"});
}

BOOST_AUTO_TEST_CASE(composite_types) {
    round_trip("CREATE TYPE pair AS (a int, b text);",
               "CREATE TYPE pair AS (a bigint, b text, c date); CREATE TYPE other AS (x int);",
               {"ALTER TYPE public.pair ALTER ATTRIBUTE a TYPE bigint;", "ADD ATTRIBUTE c date",
                "CREATE TYPE public.other AS (x integer);"});
}

BOOST_AUTO_TEST_CASE(sequences_keep_type_cycle_unlogged_and_owner) {
    round_trip("CREATE TABLE t (id int);",
               "CREATE TABLE t (id int); CREATE UNLOGGED SEQUENCE s AS integer INCREMENT BY 5 CYCLE OWNED BY t.id;",
               {"CREATE UNLOGGED SEQUENCE public.s AS integer", "CYCLE;",
                "ALTER SEQUENCE public.s OWNED BY public.t.id;"});
    round_trip("CREATE SEQUENCE s;", "CREATE SEQUENCE s AS integer INCREMENT BY 2 MAXVALUE 1000;",
               {"ALTER SEQUENCE public.s AS integer INCREMENT BY 2"});
}

BOOST_AUTO_TEST_CASE(tables_created_and_dropped) {
    round_trip("CREATE TABLE old (id int);",
               "CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL, born date) WITH (fillfactor=70);",
               {"CREATE SEQUENCE public.person_id_seq", "CREATE TABLE public.person", "DROP TABLE public.old;",
                "hazard (data loss): deletes table public.old"});
}

BOOST_AUTO_TEST_CASE(partitions) {
    round_trip(
        "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
        "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
        "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
        "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
        "CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
        "CREATE INDEX m_at ON m (at);",
        {"CREATE TABLE public.m_2025 PARTITION OF public.m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
         "CREATE INDEX m_at ON public.m USING btree (at);"});
}

BOOST_AUTO_TEST_CASE(columns_added_in_declared_order) {
    round_trip(
        "CREATE TABLE t (id int);",
        "CREATE TABLE t (id int, zeta text, alpha text DEFAULT 'a', mid int NOT NULL DEFAULT 0);",
        {"ADD COLUMN zeta text;\n\n-- hazard (ACCESS EXCLUSIVE lock): locks public.t against reads and writes briefly\n"
         "ALTER TABLE public.t ADD COLUMN alpha"});
}

BOOST_AUTO_TEST_CASE(column_type_collation_default_nullability) {
    round_trip("CREATE TABLE t (a int, b text, c text DEFAULT 'x', d int);",
               "CREATE TABLE t (a bigint, b text COLLATE \"C\", c text DEFAULT 'y', d int NOT NULL);",
               {"ALTER TABLE public.t ALTER COLUMN a TYPE bigint;", "hazard (table rewrite)",
                "COLLATE pg_catalog.\"C\"", "ALTER TABLE public.t ALTER COLUMN c SET DEFAULT 'y'::text;",
                "ALTER TABLE public.t ALTER COLUMN d SET NOT NULL;", "hazard (full scan)"});
}

BOOST_AUTO_TEST_CASE(a_column_becomes_an_enum_around_its_default) {
    round_trip("CREATE TYPE kind AS ENUM ('a', 'b'); CREATE TABLE t (k text DEFAULT 'a', n smallint DEFAULT 0);",
               "CREATE TYPE kind AS ENUM ('a', 'b'); CREATE TABLE t (k kind DEFAULT 'a', n kind DEFAULT 'b');",
               {"ALTER TABLE public.t ALTER COLUMN k DROP DEFAULT;",
                "ALTER COLUMN k TYPE public.kind USING k::public.kind;",
                "ALTER TABLE public.t ALTER COLUMN k SET DEFAULT 'a'::public.kind;",
                "ALTER COLUMN n TYPE public.kind USING n::text::public.kind;", "through its text form"});
}

BOOST_AUTO_TEST_CASE(identity_and_generated_columns) {
    round_trip("CREATE TABLE t (id int NOT NULL, price int);",
               "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 10), price int,"
               " doubled int GENERATED ALWAYS AS (price * 2) STORED);",
               {"ADD GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS ((price * 2)) STORED"});
}

BOOST_AUTO_TEST_CASE(constraints_of_every_kind) {
    round_trip(
        "CREATE TABLE parent (id int); CREATE TABLE child (id int, parent_id int, span tsrange, n int);"
        "ALTER TABLE child ADD CONSTRAINT n_positive CHECK (n > 0) NOT VALID;",
        "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int UNIQUE, parent_id int, span tsrange, n "
        "int,"
        " CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED,"
        " CONSTRAINT no_overlap EXCLUDE USING gist (span WITH &&), CONSTRAINT n_positive CHECK (n > 0));",
        {"ADD CONSTRAINT parent_pkey PRIMARY KEY (id);", "DEFERRABLE INITIALLY DEFERRED",
         "ALTER TABLE public.child VALIDATE CONSTRAINT n_positive;", "EXCLUDE USING gist"});
}

BOOST_AUTO_TEST_CASE(indexes_partial_expression_unique_built_concurrently_apart) {
    auto start = std::string("CREATE TABLE t (id int, name text, deleted boolean);");
    auto declared = start + "CREATE UNIQUE INDEX t_name ON t (lower(name)) WHERE NOT deleted;";
    auto r = generate(start, declared);
    require_round_trip(r, start, declared);
    BOOST_TEST(r.upgrade.empty());
    BOOST_TEST_REQUIRE(r.concurrent_upgrade.size() == 1u);
    BOOST_TEST(r.concurrent_upgrade[0].sql ==
               "CREATE UNIQUE INDEX CONCURRENTLY t_name ON public.t USING btree (lower(name)) WHERE (NOT deleted);");
    BOOST_TEST(r.concurrent_downgrade[0].sql == "DROP INDEX CONCURRENTLY public.t_name;");
    retort::new_revision header{"a1b2c3d4e5f6", "index names", "2026-01-01 00:00:00", {}, {}, {}, true};
    auto files = render_revisions(r, header, "0f0f0f0f0f0f");
    BOOST_TEST_REQUIRE(files.size() == 2u);
    BOOST_TEST(contains(files[1].text, "-- Transactional: false"));
    BOOST_TEST(contains(files[1].text, "-- Revises: a1b2c3d4e5f6"));
}

BOOST_AUTO_TEST_CASE(index_on_a_new_table_is_built_in_the_same_transaction) {
    auto r = generate("", "CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);");
    require_round_trip(r, "", "CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);");
    BOOST_TEST(r.concurrent_upgrade.empty());
    BOOST_TEST(contains(upgrade_sql(r), "CREATE INDEX t_id ON public.t USING btree (id);"));
}

BOOST_AUTO_TEST_CASE(views) {
    round_trip("CREATE TABLE t (id int, name text); CREATE VIEW v AS SELECT id FROM t;",
               "CREATE TABLE t (id int, name text); CREATE VIEW v AS SELECT id, name FROM t WHERE id > 0;"
               "CREATE VIEW w WITH (security_barrier) AS SELECT name FROM v;",
               {"DROP VIEW public.v;", "CREATE VIEW public.v AS",
                "CREATE VIEW public.w WITH (security_barrier=true) AS"});
}

BOOST_AUTO_TEST_CASE(view_on_a_changed_column_is_dropped_and_recreated_around_the_change) {
    auto r = generate("CREATE TABLE t (id int, n int); CREATE VIEW v AS SELECT n FROM t;",
                      "CREATE TABLE t (id int, n bigint); CREATE VIEW v AS SELECT n FROM t;");
    require_round_trip(r, "CREATE TABLE t (id int, n int); CREATE VIEW v AS SELECT n FROM t;",
                       "CREATE TABLE t (id int, n bigint); CREATE VIEW v AS SELECT n FROM t;");
    std::string sql = upgrade_sql(r);
    auto drop = sql.find("DROP VIEW public.v;"), alter = sql.find("ALTER COLUMN n TYPE bigint"),
         create = sql.find("CREATE VIEW public.v");
    BOOST_TEST_REQUIRE((drop != std::string::npos && alter != std::string::npos && create != std::string::npos));
    BOOST_TEST((drop < alter && alter < create));
}

BOOST_AUTO_TEST_CASE(materialized_views_keep_their_indexes_when_recreated) {
    round_trip(
        "CREATE TABLE t (id int); CREATE MATERIALIZED VIEW mv AS SELECT id FROM t; CREATE UNIQUE INDEX mv_id ON mv "
        "(id);",
        "CREATE TABLE t (id int); CREATE MATERIALIZED VIEW mv AS SELECT id FROM t WHERE id > 0; CREATE UNIQUE INDEX "
        "mv_id ON mv (id);",
        {"DROP MATERIALIZED VIEW public.mv;", "CREATE UNIQUE INDEX mv_id ON public.mv USING btree (id);"});
}

BOOST_AUTO_TEST_CASE(functions_and_procedures) {
    round_trip("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';",
               "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 2';"
               "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';",
               {"CREATE OR REPLACE FUNCTION public.f(x integer)", "CREATE OR REPLACE PROCEDURE public.p()",
                "DROP PROCEDURE public.p();"});
}

BOOST_AUTO_TEST_CASE(function_signature_change_recreates_its_trigger) {
    round_trip(
        "CREATE TABLE t (id int); CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
        "CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();",
        "CREATE TABLE t (id int); CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS 'BEGIN "
        "RETURN NEW; END';"
        "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
        "ALTER TABLE t DISABLE TRIGGER t_touch;",
        {"DROP TRIGGER t_touch ON public.t;", "BEFORE INSERT OR UPDATE",
         "ALTER TABLE public.t DISABLE TRIGGER t_touch;"});
}

BOOST_AUTO_TEST_CASE(comments) {
    round_trip("CREATE TABLE t (id int); COMMENT ON TABLE t IS 'old';",
               "CREATE TABLE t (id int); COMMENT ON TABLE t IS 'people''s table'; COMMENT ON COLUMN t.id IS 'key';"
               "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION f() IS 'one';",
               {"COMMENT ON TABLE public.t IS 'people''s table';", "COMMENT ON COLUMN public.t.id IS 'key';",
                "COMMENT ON FUNCTION public.f() IS 'one';", "COMMENT ON TABLE public.t IS 'old';"});
}

BOOST_AUTO_TEST_CASE(row_level_security_policies) {
    round_trip("CREATE TABLE t (id int, owner text);",
               "CREATE TABLE t (id int, owner text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
               "CREATE POLICY mine ON t FOR SELECT USING (owner = current_user);"
               "CREATE POLICY writes ON t AS RESTRICTIVE FOR INSERT WITH CHECK (id > 0);",
               {"ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;",
                "CREATE POLICY mine ON public.t AS PERMISSIVE FOR SELECT", "AS RESTRICTIVE FOR INSERT",
                "DROP POLICY mine ON public.t;"});
}

BOOST_AUTO_TEST_CASE(grants_behind_an_option) {
    auto admin = retort::connection::open({"dbname=postgres", "test"});
    admin.execute("DO $$ BEGIN CREATE ROLE retort_test_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    std::string start = "CREATE TABLE t (id int);";
    std::string declared = "CREATE TABLE t (id int); GRANT SELECT ON t TO retort_test_reader;";
    BOOST_TEST(generate(start, declared).status == autogenerate_status::nothing_to_do);
    autogenerate_options options;
    options.reading.grants = true;
    auto r = generate(start, declared, options);
    BOOST_TEST(r.status == autogenerate_status::generated);
    BOOST_TEST(contains(upgrade_sql(r), "GRANT SELECT ON TABLE public.t TO retort_test_reader;"));
    BOOST_TEST(contains(downgrade_sql(r), "REVOKE SELECT ON TABLE public.t FROM retort_test_reader;"));
}

BOOST_AUTO_TEST_SUITE_END()
