// The differ and the planner without a server: models written as values, the changes and the
// statements that come out, and their order.
#define BOOST_TEST_MODULE schema_unit_tests
#include <boost/test/unit_test.hpp>

#include "schema/diff.hpp"
#include "schema/planner.hpp"

using namespace retort::schema;

namespace {

column_def column(std::string name, std::string type, int position) {
    column_def c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.position = position;
    return c;
}

table_def table(std::string name, std::vector<column_def> columns) {
    table_def t;
    t.schema = "public";
    t.name = std::move(name);
    t.columns = std::move(columns);
    return t;
}

// A model with the structural dependencies the reader would add (a column needs its table, ...).
database_schema model(std::vector<table_def> tables, std::vector<view_def> views = {},
                      std::vector<index_def> indexes = {}, std::vector<dependency> extra = {}) {
    database_schema s;
    s.tables = std::move(tables);
    s.views = std::move(views);
    s.indexes = std::move(indexes);
    for (const auto& t : s.tables) {
        for (const auto& c : t.columns) s.dependencies.push_back({key_of(t, c), key_of(t)});
        for (const auto& c : t.constraints) s.dependencies.push_back({key_of(t, c), key_of(t)});
    }
    for (const auto& i : s.indexes) s.dependencies.push_back({key_of(i), {object_kind::table, i.schema, i.table, ""}});
    s.dependencies.insert(s.dependencies.end(), extra.begin(), extra.end());
    std::sort(s.dependencies.begin(), s.dependencies.end());
    return s;
}

std::string sql(const std::vector<planned_statement>& statements) {
    std::string out;
    for (const auto& s : statements) out += s.sql + "\n";
    return out;
}

std::size_t at(const std::string& text, const std::string& part) {
    auto i = text.find(part);
    BOOST_TEST_REQUIRE(i != std::string::npos, "missing: " << part << "\nin:\n" << text);
    return i;
}

migration_plan plan(const database_schema& a, const database_schema& b, bool concurrent = true) {
    return plan_migration(a, b, diff_schemas(a, b), {concurrent, {}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(differ)

BOOST_AUTO_TEST_CASE(equal_models_have_no_changes) {
    auto s = model({table("t", {column("id", "integer", 1)})});
    BOOST_TEST(diff_schemas(s, s).same());
}

BOOST_AUTO_TEST_CASE(a_changed_column_is_one_change_that_says_what_differs) {
    auto a = model({table("t", {column("id", "integer", 1)})});
    auto b = model({table("t", {column("id", "bigint", 1)})});
    auto d = diff_schemas(a, b);
    BOOST_TEST_REQUIRE(d.changes.size() == 1u);
    BOOST_TEST(describe(d.changes[0]) == "alter column public.t.id: type integer -> bigint");
}

BOOST_AUTO_TEST_CASE(column_order_is_a_note) {
    auto a = model({table("t", {column("a", "integer", 1), column("b", "integer", 2)})});
    auto b = model({table("t", {column("b", "integer", 1), column("a", "integer", 2)})});
    auto d = diff_schemas(a, b);
    BOOST_TEST(d.changes.empty());
    BOOST_TEST(d.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unmodelled_objects_make_models_differ) {
    auto a = model({});
    auto b = model({});
    b.unmodelled.push_back({"rule", "rule r on table public.t"});
    BOOST_TEST(!diff_schemas(a, b).same());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(planner)

BOOST_AUTO_TEST_CASE(new_columns_come_in_declared_order_not_by_name) {
    auto a = model({table("t", {column("id", "integer", 1)})});
    auto b = model({table("t", {column("id", "integer", 1), column("zeta", "text", 2), column("alpha", "text", 3)})});
    auto text = sql(plan(a, b).statements);
    BOOST_TEST(at(text, "ADD COLUMN zeta") < at(text, "ADD COLUMN alpha"));
}

BOOST_AUTO_TEST_CASE(tables_before_the_foreign_keys_between_them) {
    auto parent = table("parent", {column("id", "integer", 1)});
    parent.constraints.push_back({"parent_pkey", 'p', "PRIMARY KEY (id)", false, false, true});
    auto child = table("child", {column("parent_id", "integer", 1)});
    child.constraints.push_back(
        {"child_fk", 'f', "FOREIGN KEY (parent_id) REFERENCES public.parent(id)", false, false, true});
    object_key fk{object_kind::constraint, "public", "child", "child_fk"};
    auto b = model({child, parent}, {}, {},
                   {{fk, {object_kind::constraint, "public", "parent", "parent_pkey"}},
                    {fk, {object_kind::column, "public", "parent", "id"}}});
    auto text = sql(plan(model({}), b).statements);
    BOOST_TEST(at(text, "CREATE TABLE public.parent") < at(text, "ADD CONSTRAINT parent_pkey"));
    BOOST_TEST(at(text, "ADD CONSTRAINT parent_pkey") < at(text, "ADD CONSTRAINT child_fk"));
    BOOST_TEST(at(text, "CREATE TABLE public.child") < at(text, "ADD CONSTRAINT child_fk"));
}

BOOST_AUTO_TEST_CASE(a_view_on_a_changed_column_is_dropped_before_and_created_after) {
    view_def v{"public", "v", false, " SELECT t.n\n   FROM public.t;", {}};
    dependency uses{key_of(v), {object_kind::column, "public", "t", "n"}};
    auto a = model({table("t", {column("n", "integer", 1)})}, {v}, {}, {uses});
    auto b = model({table("t", {column("n", "bigint", 1)})}, {v}, {}, {uses});
    auto text = sql(plan(a, b).statements);
    BOOST_TEST(at(text, "DROP VIEW public.v;") < at(text, "ALTER COLUMN n TYPE bigint"));
    BOOST_TEST(at(text, "ALTER COLUMN n TYPE bigint") < at(text, "CREATE VIEW public.v AS"));
}

BOOST_AUTO_TEST_CASE(a_dropped_column_is_data_loss_and_asks_about_a_rename) {
    auto a = model({table("t", {column("id", "integer", 1), column("name", "text", 2)})});
    auto b = model({table("t", {column("id", "integer", 1), column("full_name", "text", 2)})});
    auto p = plan(a, b);
    bool loss = false, asks = false;
    for (const auto& s : p.statements) {
        for (const auto& h : s.hazards) loss |= h.kind == hazard_kind::data_loss;
        for (const auto& c : s.comments)
            asks |= c.find("retort:rename column public.t.name full_name") != std::string::npos;
    }
    BOOST_TEST(loss);
    BOOST_TEST(asks);
}

BOOST_AUTO_TEST_CASE(an_index_on_an_existing_table_is_built_concurrently_apart) {
    auto t = table("t", {column("id", "integer", 1)});
    index_def i{"public", "t_id", "t", "CREATE INDEX t_id ON public.t USING btree (id)", false};
    auto p = plan(model({t}), model({t}, {}, {i}));
    BOOST_TEST(p.statements.empty());
    BOOST_TEST_REQUIRE(p.concurrent.size() == 1u);
    BOOST_TEST(p.concurrent[0].sql == "CREATE INDEX CONCURRENTLY t_id ON public.t USING btree (id);");
    auto inline_plan = plan(model({t}), model({t}, {}, {i}), false);
    BOOST_TEST(inline_plan.concurrent.empty());
    BOOST_TEST((inline_plan.statements.at(0).hazards.at(0).kind == hazard_kind::blocks_writes));
}

BOOST_AUTO_TEST_CASE(an_enum_keeps_its_labels_and_gains_one_in_place) {
    database_schema a, b;
    a.enums.push_back({"public", "mood", {"sad", "happy"}});
    b.enums.push_back({"public", "mood", {"sad", "ok", "happy"}});
    BOOST_TEST(sql(plan(a, b).statements) == "ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'sad';\n");
}

BOOST_AUTO_TEST_CASE(identifiers_are_quoted_where_the_server_needs_it) {
    auto a = model({});
    auto b = model({table("Order", {column("user", "integer", 1), column("plain_name", "text", 2)})});
    auto text = sql(plan(a, b).statements);
    BOOST_TEST(text.find("CREATE TABLE public.\"Order\" (\n    \"user\" integer,\n    plain_name text\n);") !=
                   std::string::npos,
               text);
}

BOOST_AUTO_TEST_SUITE_END()
