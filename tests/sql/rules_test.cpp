// Specifies every lint rule: a statement it flags (with the lock and the safe way in the message) and the
// safe or harmless form it leaves alone. The base revision (lint_fixture.hpp) created users and items.
#include <boost/test/unit_test.hpp>

#include "lint_fixture.hpp"
#include "sql/rules.hpp"

using retort::sql::level;
using retort::testing::contains;
using retort::testing::lint;
using retort::testing::listing;
using retort::testing::of_rule;

namespace {

// The only finding of `rule`; fails the test when there is not exactly one.
retort::sql::finding one(const retort::sql::check_report& report, std::string_view rule) {
    auto found = of_rule(report, rule);
    BOOST_TEST_REQUIRE(found.size() == 1U, "expected one " << rule << " finding, got:" << listing(report));
    return found.front();
}

bool none(const retort::sql::check_report& report, std::string_view rule) { return of_rule(report, rule).empty(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(index_not_concurrent_flags_an_index_on_an_existing_table) {
    auto f = one(lint("CREATE INDEX users_email ON users (email);"), "index-not-concurrent");
    BOOST_TEST(f.severity == level::warning);
    BOOST_TEST(f.line == 6U);
    BOOST_TEST(contains(f.message, "SHARE lock"));
    BOOST_TEST(contains(f.message, "CREATE INDEX CONCURRENTLY"));
    BOOST_TEST(contains(f.message, "Transactional: false"));
}

BOOST_AUTO_TEST_CASE(index_not_concurrent_accepts_concurrently_and_new_tables) {
    BOOST_TEST(
        none(lint("CREATE INDEX CONCURRENTLY users_email ON users (email);", {}, false), "index-not-concurrent"));
    BOOST_TEST(none(lint("CREATE TABLE tags (id bigint, name text);\nCREATE INDEX tags_name ON tags (name);"),
                    "index-not-concurrent"));
}

BOOST_AUTO_TEST_CASE(drop_index_not_concurrent_names_the_table_of_an_index_an_earlier_revision_created) {
    auto f = one(lint("DROP INDEX items_title;"), "drop-index-not-concurrent");
    BOOST_TEST(contains(f.message, "ACCESS EXCLUSIVE lock on the table items"));
    BOOST_TEST(contains(f.message, "DROP INDEX CONCURRENTLY"));
}

BOOST_AUTO_TEST_CASE(drop_index_not_concurrent_accepts_concurrently_and_indexes_created_in_the_same_revision) {
    BOOST_TEST(none(lint("DROP INDEX CONCURRENTLY items_title;", {}, false), "drop-index-not-concurrent"));
    BOOST_TEST(none(lint("CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;"),
                    "drop-index-not-concurrent"));
}

BOOST_AUTO_TEST_CASE(concurrently_in_transaction_is_an_error_in_a_transactional_revision) {
    auto f = one(lint("CREATE INDEX CONCURRENTLY users_email ON users (email);"), "concurrently-in-transaction");
    BOOST_TEST(f.severity == level::error);
    BOOST_TEST(contains(f.message, "cannot run inside a transaction block"));
    BOOST_TEST(contains(f.message, "'-- Transactional: false'"));
    BOOST_TEST(one(lint("VACUUM users;"), "concurrently-in-transaction").message.starts_with("VACUUM"));
}

BOOST_AUTO_TEST_CASE(concurrently_in_transaction_accepts_a_non_transactional_revision) {
    BOOST_TEST(none(lint("CREATE INDEX CONCURRENTLY users_email ON users (email);", {}, false),
                    "concurrently-in-transaction"));
}

BOOST_AUTO_TEST_CASE(reindex_not_concurrent_flags_reindex_of_an_existing_table) {
    auto f = one(lint("REINDEX TABLE users;"), "reindex-not-concurrent");
    BOOST_TEST(contains(f.message, "REINDEX ... CONCURRENTLY"));
    BOOST_TEST(none(lint("REINDEX TABLE CONCURRENTLY users;", {}, false), "reindex-not-concurrent"));
}

BOOST_AUTO_TEST_CASE(vacuum_full_flags_vacuum_full_and_accepts_plain_vacuum) {
    auto f = one(lint("VACUUM FULL users;", {}, false), "vacuum-full");
    BOOST_TEST(contains(f.message, "ACCESS EXCLUSIVE"));
    BOOST_TEST(none(lint("VACUUM users;", {}, false), "vacuum-full"));
}

BOOST_AUTO_TEST_CASE(cluster_flags_an_existing_table_and_accepts_a_new_one) {
    BOOST_TEST(contains(one(lint("CLUSTER users USING users_pkey;"), "cluster").message, "pg_repack"));
    BOOST_TEST(none(lint("CREATE TABLE t (a int PRIMARY KEY);\nCLUSTER t USING t_pkey;"), "cluster"));
}

BOOST_AUTO_TEST_CASE(foreign_key_not_valid_flags_a_validated_foreign_key_on_an_existing_table) {
    auto f = one(lint("ALTER TABLE items ADD CONSTRAINT items_user FOREIGN KEY (user_id) REFERENCES users (id);"),
                 "foreign-key-not-valid");
    BOOST_TEST(contains(f.message, "SHARE ROW EXCLUSIVE locks on items and users"));
    BOOST_TEST(contains(f.message, "VALIDATE CONSTRAINT items_user"));
    BOOST_TEST(f.column == 23U);  // at the constraint, not the statement
}

BOOST_AUTO_TEST_CASE(foreign_key_not_valid_accepts_not_valid_and_new_tables) {
    BOOST_TEST(
        none(lint("ALTER TABLE items ADD CONSTRAINT items_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
             "foreign-key-not-valid"));
    BOOST_TEST(none(lint("CREATE TABLE t (u bigint);\nALTER TABLE t ADD FOREIGN KEY (u) REFERENCES users (id);"),
                    "foreign-key-not-valid"));
}

BOOST_AUTO_TEST_CASE(foreign_key_not_valid_flags_a_column_added_with_references) {
    BOOST_TEST(contains(one(lint("ALTER TABLE items ADD COLUMN owner_id bigint REFERENCES users (id);"),
                            "foreign-key-not-valid")
                            .message,
                        "add the column first"));
}

BOOST_AUTO_TEST_CASE(check_not_valid_flags_a_validated_check_and_accepts_not_valid) {
    auto f = one(lint("ALTER TABLE users ADD CONSTRAINT score_positive CHECK (score > 0);"), "check-not-valid");
    BOOST_TEST(contains(f.message, "ACCESS EXCLUSIVE"));
    BOOST_TEST(contains(f.message, "VALIDATE CONSTRAINT score_positive"));
    BOOST_TEST(
        none(lint("ALTER TABLE users ADD CONSTRAINT score_positive CHECK (score > 0) NOT VALID;"), "check-not-valid"));
}

BOOST_AUTO_TEST_CASE(set_not_null_flags_an_existing_table_and_accepts_a_new_one) {
    auto f = one(lint("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"), "set-not-null");
    BOOST_TEST(contains(f.message, "CHECK (email IS NOT NULL) NOT VALID"));
    BOOST_TEST(none(lint("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;"), "set-not-null"));
}

BOOST_AUTO_TEST_CASE(not_null_without_default_flags_a_required_column_and_accepts_one_with_a_default) {
    BOOST_TEST(contains(one(lint("ALTER TABLE users ADD COLUMN age int NOT NULL;"), "not-null-without-default").message,
                        "23502"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;"), "not-null-without-default"));
}

BOOST_AUTO_TEST_CASE(volatile_default_flags_a_volatile_default_and_accepts_a_stable_one) {
    auto f =
        one(lint("ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();"), "volatile-default");
    BOOST_TEST(contains(f.message, "DEFAULT clock_timestamp(...), a volatile function:"));
    BOOST_TEST(contains(f.message, "rewrites the whole table"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();"), "volatile-default"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN flags int DEFAULT 0;"), "volatile-default"));
}

BOOST_AUTO_TEST_CASE(volatile_default_says_when_it_cannot_know_a_function) {
    auto f = one(lint("ALTER TABLE users ADD COLUMN code text DEFAULT app.new_code();"), "volatile-default");
    BOOST_TEST(contains(f.message, "neither a built-in known to be stable nor one the revisions created"));
    BOOST_TEST(contains(f.message, "-- retort:allow volatile-default"));
}

BOOST_AUTO_TEST_CASE(volatile_default_knows_the_volatility_declared_by_earlier_revisions) {
    auto p = retort::testing::with_base();
    p.add({"funcs",
           "base0",
           "CREATE FUNCTION app_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\n"
           "CREATE FUNCTION app_epoch() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT now() $$;",
           {},
           true,
           {}})
        .lock("funcs");
    p.add({"change",
           "funcs",
           "ALTER TABLE users ADD COLUMN code text DEFAULT app_code();\n"
           "ALTER TABLE users ADD COLUMN since timestamptz DEFAULT app_epoch();",
           {},
           true,
           {}});
    auto report = p.check();
    auto f = one(report, "volatile-default");
    BOOST_TEST(f.line == 6U);
    BOOST_TEST(contains(f.message, "an earlier revision created it without STABLE or IMMUTABLE"));
}

BOOST_AUTO_TEST_CASE(stored_generated_column_flags_an_existing_table) {
    BOOST_TEST(
        contains(one(lint("ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;"),
                     "stored-generated-column")
                     .message,
                 "rewriting the table"));
    BOOST_TEST(none(lint("CREATE TABLE t (a text, b text GENERATED ALWAYS AS (lower(a)) STORED);"),
                    "stored-generated-column"));
}

BOOST_AUTO_TEST_CASE(column_type_change_flags_a_rewrite_and_names_the_old_type) {
    auto f = one(lint("ALTER TABLE users ALTER COLUMN score TYPE float8;"), "column-type-change");
    BOOST_TEST(contains(f.message, "from numeric(10,2)"));
    BOOST_TEST(contains(f.message, "rewrites the table"));
}

BOOST_AUTO_TEST_CASE(column_type_change_accepts_binary_coercible_changes_known_from_earlier_revisions) {
    BOOST_TEST(none(lint("ALTER TABLE users ALTER COLUMN name TYPE varchar(100);"), "column-type-change"));
    BOOST_TEST(none(lint("ALTER TABLE users ALTER COLUMN name TYPE text;"), "column-type-change"));
    BOOST_TEST(none(lint("ALTER TABLE users ALTER COLUMN score TYPE numeric(12,2);"), "column-type-change"));
    BOOST_TEST(!none(lint("ALTER TABLE users ALTER COLUMN name TYPE varchar(20);"), "column-type-change"));
    BOOST_TEST(!none(lint("ALTER TABLE users ALTER COLUMN name TYPE text USING lower(name);"), "column-type-change"));
}

BOOST_AUTO_TEST_CASE(column_type_change_accepts_timestamp_to_timestamptz_in_a_utc_session) {
    BOOST_TEST(none(lint("SET timezone = 'UTC';\nALTER TABLE users ALTER COLUMN created_at TYPE timestamp;"),
                    "column-type-change"));
    BOOST_TEST(
        none(lint("SET timezone = 'UTC';\nALTER TABLE users ALTER COLUMN created_at TYPE timestamp USING created_at;"),
             "column-type-change"));
    auto f = one(lint("ALTER TABLE users ALTER COLUMN created_at TYPE timestamp;"), "column-type-change");
    BOOST_TEST(contains(f.message, "SET timezone = 'UTC'"));
    BOOST_TEST(!none(lint("SET timezone = 'UTC';\nSET timezone = 'Europe/Paris';\n"
                          "ALTER TABLE users ALTER COLUMN created_at TYPE timestamp;"),
                     "column-type-change"));
}

BOOST_AUTO_TEST_CASE(add_serial_column_flags_serial_and_identity_on_an_existing_table) {
    BOOST_TEST(
        contains(one(lint("ALTER TABLE items ADD COLUMN position serial;"), "add-serial-column").message, "rewriting"));
    BOOST_TEST(!none(lint("ALTER TABLE items ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;"), "add-serial-column"));
    BOOST_TEST(none(lint("CREATE TABLE t (id bigserial);"), "add-serial-column"));
}

BOOST_AUTO_TEST_CASE(unique_without_using_index_flags_an_index_built_under_the_lock) {
    auto f =
        one(lint("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"), "unique-without-using-index");
    BOOST_TEST(contains(f.message, "CREATE UNIQUE INDEX CONCURRENTLY <index> ON users (email)"));
    BOOST_TEST(contains(f.message, "UNIQUE USING INDEX"));
    BOOST_TEST(
        contains(one(lint("ALTER TABLE items ADD PRIMARY KEY (id, user_id);"), "unique-without-using-index").message,
                 "PRIMARY KEY USING INDEX"));
}

BOOST_AUTO_TEST_CASE(unique_without_using_index_accepts_using_index) {
    BOOST_TEST(none(lint("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;"),
                    "unique-without-using-index"));
}

BOOST_AUTO_TEST_CASE(drop_table_flags_a_table_an_earlier_revision_created) {
    auto f = one(lint("DROP TABLE items;"), "drop-table");
    BOOST_TEST(contains(f.message, "for good"));
    BOOST_TEST(contains(f.message, "-- retort:allow drop-table"));
}

BOOST_AUTO_TEST_CASE(drop_table_accepts_a_table_created_in_the_same_revision) {
    BOOST_TEST(none(lint("CREATE TABLE scratch (a int);\nDROP TABLE scratch;"), "drop-table"));
}

BOOST_AUTO_TEST_CASE(drop_column_flags_an_existing_column_and_accepts_a_new_one) {
    BOOST_TEST(contains(one(lint("ALTER TABLE users DROP COLUMN email;"), "drop-column").message, "42703"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;"), "drop-column"));
}

BOOST_AUTO_TEST_CASE(truncate_flags_an_existing_table_and_says_what_cascade_does) {
    BOOST_TEST(contains(one(lint("TRUNCATE users CASCADE;"), "truncate").message, "CASCADE empties"));
    BOOST_TEST(none(lint("CREATE TABLE t (a int);\nTRUNCATE t;"), "truncate"));
}

BOOST_AUTO_TEST_CASE(rename_table_flags_an_existing_table) {
    auto f = one(lint("ALTER TABLE items RENAME TO products;"), "rename-table");
    BOOST_TEST(contains(f.message, "CREATE VIEW items AS SELECT * FROM products"));
    BOOST_TEST(none(lint("CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;"), "rename-table"));
}

BOOST_AUTO_TEST_CASE(rename_column_flags_an_existing_column_and_accepts_a_new_one) {
    BOOST_TEST(contains(one(lint("ALTER TABLE users RENAME COLUMN name TO full_name;"), "rename-column").message,
                        "name of users to full_name"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO handle;"),
                    "rename-column"));
}

BOOST_AUTO_TEST_CASE(statements_after_exclusive_lock_flags_work_done_while_the_table_is_locked) {
    auto f = one(lint("ALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true;"),
                 "statements-after-exclusive-lock");
    BOOST_TEST(f.line == 6U);  // the statement that takes the lock
    BOOST_TEST(contains(f.message, "the statement at line 7 works through the rows"));
}

BOOST_AUTO_TEST_CASE(statements_after_exclusive_lock_flags_a_lock_taken_on_another_table) {
    auto f = one(lint("ALTER TABLE users ADD COLUMN active boolean;\nALTER TABLE items ADD COLUMN active boolean;"),
                 "statements-after-exclusive-lock");
    BOOST_TEST(contains(f.message, "waits for a lock on items"));
}

BOOST_AUTO_TEST_CASE(statements_after_exclusive_lock_does_not_count_the_lock_of_a_drop) {
    BOOST_TEST(none(lint("SELECT 1;", "DROP TABLE items;\nDROP TABLE users;"), "statements-after-exclusive-lock"));
}

BOOST_AUTO_TEST_CASE(statements_after_exclusive_lock_accepts_quick_changes_of_the_same_table) {
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;\n"
                         "COMMENT ON COLUMN users.a IS 'a';"),
                    "statements-after-exclusive-lock"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN a int;\nUPDATE users SET a = 1;", {}, false),
                    "statements-after-exclusive-lock"));
}

BOOST_AUTO_TEST_CASE(missing_lock_timeout_is_info_and_reported_once_per_section) {
    auto f =
        one(lint("ALTER TABLE users ADD COLUMN a int;\nALTER TABLE items ADD COLUMN a int;"), "missing-lock-timeout");
    BOOST_TEST(f.severity == level::info);
    BOOST_TEST(contains(f.message, "needs an ACCESS EXCLUSIVE lock on users"));
    BOOST_TEST(contains(f.message, "--pg-lock-timeout"));
}

BOOST_AUTO_TEST_CASE(missing_lock_timeout_accepts_a_lock_timeout_set_before) {
    BOOST_TEST(
        none(lint("SET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN a int;"), "missing-lock-timeout"));
    BOOST_TEST(none(lint("SELECT set_config('lock_timeout', '2s', true);\nALTER TABLE users ADD COLUMN a int;"),
                    "missing-lock-timeout"));
    // SET LOCAL lasts one statement's transaction in a non-transactional revision; a zero timeout is none.
    BOOST_TEST(!none(lint("SET LOCAL lock_timeout = '5s';\nDROP INDEX CONCURRENTLY items_title;\nDROP TABLE items;", {},
                          false),
                     "missing-lock-timeout"));
    BOOST_TEST(!none(lint("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN a int;"), "missing-lock-timeout"));
}

BOOST_AUTO_TEST_CASE(transaction_control_is_an_error_in_a_transactional_revision) {
    auto f = one(lint("UPDATE users SET name = 'x';\nCOMMIT;"), "transaction-control");
    BOOST_TEST(f.severity == level::error);
    BOOST_TEST(contains(f.message, "half-applied"));
    BOOST_TEST(none(lint("SAVEPOINT s;\nRELEASE SAVEPOINT s;"), "transaction-control"));
    BOOST_TEST(none(lint("BEGIN;\nUPDATE users SET name = 'x';\nCOMMIT;", {}, false), "transaction-control"));
}

BOOST_AUTO_TEST_CASE(prefer_timestamptz_flags_timestamp_columns) {
    auto f = one(lint("CREATE TABLE events (at timestamp);"), "prefer-timestamptz");
    BOOST_TEST(f.severity == level::info);
    BOOST_TEST(f.column == 25U);  // at the type
    BOOST_TEST(none(lint("CREATE TABLE events (at timestamptz);"), "prefer-timestamptz"));
}

BOOST_AUTO_TEST_CASE(prefer_bigint_flags_integer_keys_only) {
    BOOST_TEST(!none(lint("CREATE TABLE t (id int PRIMARY KEY);"), "prefer-bigint"));
    BOOST_TEST(!none(lint("CREATE TABLE t (id serial, PRIMARY KEY (id));"), "prefer-bigint"));
    BOOST_TEST(!none(lint("CREATE TABLE t (user_id int REFERENCES users (id));"), "prefer-bigint"));
    BOOST_TEST(none(lint("CREATE TABLE t (id bigint PRIMARY KEY, votes int);"), "prefer-bigint"));
}

BOOST_AUTO_TEST_CASE(prefer_identity_flags_serial_columns) {
    BOOST_TEST(contains(one(lint("CREATE TABLE t (id bigserial PRIMARY KEY);"), "prefer-identity").message,
                        "bigint GENERATED BY DEFAULT AS IDENTITY"));
    BOOST_TEST(none(lint("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"), "prefer-identity"));
}

BOOST_AUTO_TEST_CASE(prefer_text_flags_varchar_with_a_length_and_char) {
    BOOST_TEST(!none(lint("CREATE TABLE t (code varchar(10));"), "prefer-text"));
    BOOST_TEST(!none(lint("CREATE TABLE t (code char(2));"), "prefer-text"));
    BOOST_TEST(none(lint("CREATE TABLE t (code text CHECK (char_length(code) <= 10), other varchar);"), "prefer-text"));
}

BOOST_AUTO_TEST_CASE(prefer_jsonb_flags_json_columns) {
    BOOST_TEST(!none(lint("ALTER TABLE users ADD COLUMN prefs json;"), "prefer-jsonb"));
    BOOST_TEST(none(lint("ALTER TABLE users ADD COLUMN prefs jsonb;"), "prefer-jsonb"));
}

BOOST_AUTO_TEST_CASE(every_rule_has_an_id_a_summary_and_a_lock_field) {
    for (const auto& r : retort::sql::rule_catalog()) {
        BOOST_TEST(!r.id.empty());
        BOOST_TEST(!r.summary.empty(), r.id);
        BOOST_TEST(retort::sql::find_rule(r.id) == &r);
    }
    BOOST_TEST(retort::sql::rule_catalog().size() == 30U);
}

BOOST_AUTO_TEST_SUITE_END()
