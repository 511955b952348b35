// DDL of schemas, extensions, types, sequences, views, routines, triggers, policies, comments and
// grants (see ddl.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "schema/ddl.hpp"

namespace retort::schema::ddl {

namespace {

stmt make(std::string sql) { return stmt{std::move(sql), {}, change_action::alter, {}, {}}; }

std::string list_of(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : std::string(separator)) + i;
    return out;
}

std::string trim_statement(std::string sql) {
    while (!sql.empty() && (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n')) sql.pop_back();
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.erase(0, 1);
    return sql;
}

std::string check_clauses(const std::vector<named_check>& checks) {
    std::string out;
    for (const auto& c : checks) out += fmt::format(" CONSTRAINT {} {}", quote_ident(c.name), c.definition);
    return out;
}

const function_def* find_function(const database_schema& m, const object_key& k) {
    for (const auto& f : m.functions)
        if (f.schema == k.schema && f.name == k.name && f.identity_arguments == k.member) return &f;
    return nullptr;
}

// How COMMENT ON and GRANT name an object.
std::string object_reference(const object_key& k, const database_schema& m, bool for_grant) {
    switch (k.kind) {
    case object_kind::schema: return "SCHEMA " + quote_ident(k.name);
    case object_kind::extension: return "EXTENSION " + quote_ident(k.name);
    case object_kind::enum_type:
    case object_kind::composite_type: return "TYPE " + qualified(k);
    case object_kind::domain: return (for_grant ? "DOMAIN " : "DOMAIN ") + qualified(k);
    case object_kind::sequence: return "SEQUENCE " + qualified(k);
    case object_kind::table: return "TABLE " + qualified(k);
    case object_kind::view: return (for_grant ? "TABLE " : "VIEW ") + qualified(k);
    case object_kind::materialized_view: return (for_grant ? "TABLE " : "MATERIALIZED VIEW ") + qualified(k);
    case object_kind::index: return "INDEX " + qualified(k);
    case object_kind::column: return fmt::format("COLUMN {}.{}", qualified(k), quote_ident(k.member));
    case object_kind::constraint: return fmt::format("CONSTRAINT {} ON {}", quote_ident(k.member), qualified(k));
    case object_kind::trigger: return fmt::format("TRIGGER {} ON {}", quote_ident(k.member), qualified(k));
    case object_kind::policy: return fmt::format("POLICY {} ON {}", quote_ident(k.member), qualified(k));
    case object_kind::function: {
        const function_def* f = find_function(m, k);
        return fmt::format("{} {}({})", f != nullptr && f->procedure ? "PROCEDURE" : "FUNCTION", qualified(k),
                           k.member);
    }
    default: return describe(k);
    }
}

}  // namespace

stmt create_schema(const schema_def& s) { return make(fmt::format("CREATE SCHEMA {};", quote_ident(s.name))); }
stmt drop_schema(const schema_def& s) { return make(fmt::format("DROP SCHEMA {};", quote_ident(s.name))); }

stmt create_extension(const extension_def& e) {
    return make(
        fmt::format("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};", quote_ident(e.name), quote_ident(e.schema)));
}
stmt drop_extension(const extension_def& e) { return make(fmt::format("DROP EXTENSION {};", quote_ident(e.name))); }

std::vector<stmt> alter_extension(const extension_def& a, const extension_def& b) {
    std::vector<stmt> out;
    if (a.schema != b.schema)
        out.push_back(
            make(fmt::format("ALTER EXTENSION {} SET SCHEMA {};", quote_ident(b.name), quote_ident(b.schema))));
    if (a.version != b.version)
        out.push_back(
            make(fmt::format("ALTER EXTENSION {} UPDATE TO {};", quote_ident(b.name), quote_literal(b.version))));
    return out;
}

stmt create_enum(const enum_def& e) {
    std::vector<std::string> labels;
    for (const auto& l : e.labels) labels.push_back(quote_literal(l));
    return make(fmt::format("CREATE TYPE {} AS ENUM ({});", qualified_name(e.schema, e.name), list_of(labels)));
}

stmt drop_type(const object_key& type) {
    return make(fmt::format("DROP {} {};", type.kind == object_kind::domain ? "DOMAIN" : "TYPE", qualified(type)));
}

std::optional<std::vector<stmt>> add_enum_values(const enum_def& a, const enum_def& b) {
    // a's labels must appear in b in the same order; the others are added where b has them.
    std::size_t next = 0;
    for (const auto& l : b.labels)
        if (next < a.labels.size() && l == a.labels[next]) ++next;
    if (next != a.labels.size()) return std::nullopt;
    std::vector<stmt> out;
    for (std::size_t i = 0; i < b.labels.size(); ++i) {
        if (std::find(a.labels.begin(), a.labels.end(), b.labels[i]) != a.labels.end()) continue;
        std::string where = i == 0 ? (a.labels.empty() ? std::string{} : " BEFORE " + quote_literal(b.labels[1]))
                                   : " AFTER " + quote_literal(b.labels[i - 1]);
        out.push_back(make(fmt::format("ALTER TYPE {} ADD VALUE {}{};", qualified_name(b.schema, b.name),
                                       quote_literal(b.labels[i]), where)));
    }
    return out;
}

stmt rename_type(const object_key& type, const std::string& new_name) {
    return make(fmt::format("ALTER TYPE {} RENAME TO {};", qualified(type), quote_ident(new_name)));
}

stmt convert_column_to_enum(const table_def& t, const column_def& c, const enum_def& e) {
    bool array = c.type.ends_with("[]");
    std::string type = c.type;
    return make(fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {} USING {}::{}::{};",
                            qualified_name(t.schema, t.name), quote_ident(c.name), type, quote_ident(c.name),
                            array ? "text[]" : "text", type));
    (void)e;
}

stmt create_domain(const domain_def& d) {
    std::string sql = fmt::format("CREATE DOMAIN {} AS {}", qualified_name(d.schema, d.name), d.base_type);
    if (!d.collation.empty()) sql += " COLLATE " + d.collation;
    if (d.default_value) sql += " DEFAULT " + *d.default_value;
    if (d.not_null) sql += " NOT NULL";
    return make(sql + check_clauses(d.checks) + ";");
}

std::vector<stmt> alter_domain(const domain_def& a, const domain_def& b) {
    std::vector<stmt> out;
    std::string name = qualified_name(b.schema, b.name);
    if (a.default_value != b.default_value)
        out.push_back(make(b.default_value ? fmt::format("ALTER DOMAIN {} SET DEFAULT {};", name, *b.default_value)
                                           : fmt::format("ALTER DOMAIN {} DROP DEFAULT;", name)));
    if (a.not_null != b.not_null)
        out.push_back(make(fmt::format("ALTER DOMAIN {} {} NOT NULL;", name, b.not_null ? "SET" : "DROP")));
    for (const auto& c : a.checks)
        if (std::find(b.checks.begin(), b.checks.end(), c) == b.checks.end())
            out.push_back(make(fmt::format("ALTER DOMAIN {} DROP CONSTRAINT {};", name, quote_ident(c.name))));
    for (const auto& c : b.checks)
        if (std::find(a.checks.begin(), a.checks.end(), c) == a.checks.end())
            out.push_back(
                make(fmt::format("ALTER DOMAIN {} ADD CONSTRAINT {} {};", name, quote_ident(c.name), c.definition)));
    return out;
}

stmt create_composite(const composite_def& c) {
    std::vector<std::string> attributes;
    for (const auto& a : c.attributes)
        attributes.push_back(quote_ident(a.name) + " " + a.type +
                             (a.collation.empty() ? "" : " COLLATE " + a.collation));
    return make(fmt::format("CREATE TYPE {} AS ({});", qualified_name(c.schema, c.name), list_of(attributes)));
}

std::optional<std::vector<stmt>> alter_composite(const composite_def& a, const composite_def& b) {
    auto named = [](const std::vector<attribute_def>& list, const std::string& n) {
        return std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.name == n; });
    };
    std::vector<std::string> order;  // the order ALTER TYPE leaves: kept ones, then added ones
    for (const auto& x : a.attributes)
        if (named(b.attributes, x.name) != b.attributes.end()) order.push_back(x.name);
    for (const auto& x : b.attributes)
        if (named(a.attributes, x.name) == a.attributes.end()) order.push_back(x.name);
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] != b.attributes[i].name) return std::nullopt;
    std::string name = qualified_name(b.schema, b.name);
    std::vector<stmt> out;
    for (const auto& x : a.attributes) {
        auto y = named(b.attributes, x.name);
        if (y == b.attributes.end())
            out.push_back(make(fmt::format("ALTER TYPE {} DROP ATTRIBUTE {};", name, quote_ident(x.name))));
        else if (!(x == *y))
            out.push_back(make(fmt::format("ALTER TYPE {} ALTER ATTRIBUTE {} TYPE {}{};", name, quote_ident(x.name),
                                           y->type, y->collation.empty() ? "" : " COLLATE " + y->collation)));
    }
    for (const auto& y : b.attributes)
        if (named(a.attributes, y.name) == a.attributes.end())
            out.push_back(make(fmt::format("ALTER TYPE {} ADD ATTRIBUTE {} {}{};", name, quote_ident(y.name), y.type,
                                           y.collation.empty() ? "" : " COLLATE " + y.collation)));
    return out;
}

stmt create_sequence(const sequence_def& s) {
    const auto& o = s.options;
    return make(
        fmt::format("CREATE {}SEQUENCE {} AS {} START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {}{};",
                    s.unlogged ? "UNLOGGED " : "", qualified_name(s.schema, s.name), o.data_type, o.start, o.increment,
                    o.min_value, o.max_value, o.cache, o.cycle ? " CYCLE" : " NO CYCLE"));
}

stmt drop_sequence(const sequence_def& s) {
    stmt out = make(fmt::format("DROP SEQUENCE {};", qualified_name(s.schema, s.name)));
    out.hazards.push_back({hazard_kind::data_loss,
                           fmt::format("deletes sequence {} and its current value", qualified_name(s.schema, s.name))});
    return out;
}

std::vector<stmt> alter_sequence(const sequence_def& a, const sequence_def& b) {
    std::vector<stmt> out;
    std::string name = qualified_name(b.schema, b.name);
    const auto &x = a.options, &y = b.options;
    std::string rest;
    if (x.data_type != y.data_type) rest += " AS " + y.data_type;
    if (x.increment != y.increment) rest += fmt::format(" INCREMENT BY {}", y.increment);
    if (x.min_value != y.min_value || x.data_type != y.data_type) rest += fmt::format(" MINVALUE {}", y.min_value);
    if (x.max_value != y.max_value || x.data_type != y.data_type) rest += fmt::format(" MAXVALUE {}", y.max_value);
    if (x.start != y.start) rest += fmt::format(" START WITH {}", y.start);
    if (x.cache != y.cache) rest += fmt::format(" CACHE {}", y.cache);
    if (x.cycle != y.cycle) rest += y.cycle ? " CYCLE" : " NO CYCLE";
    if (!rest.empty()) out.push_back(make(fmt::format("ALTER SEQUENCE {}{};", name, rest)));
    if (a.unlogged != b.unlogged)
        out.push_back(make(fmt::format("ALTER SEQUENCE {} SET {};", name, b.unlogged ? "UNLOGGED" : "LOGGED")));
    return out;
}

stmt set_sequence_owner(const sequence_def& s) {
    return make(fmt::format("ALTER SEQUENCE {} OWNED BY {}.{};", qualified_name(s.schema, s.name),
                            qualified_name(s.owned_by->schema, s.owned_by->table), quote_ident(s.owned_by->column)));
}
stmt clear_sequence_owner(const sequence_def& s) {
    return make(fmt::format("ALTER SEQUENCE {} OWNED BY NONE;", qualified_name(s.schema, s.name)));
}

stmt create_view(const view_def& v) {
    std::string options = v.options.empty() ? "" : " WITH (" + list_of(v.options) + ")";
    return make(fmt::format("CREATE {}VIEW {}{} AS\n{};", v.materialized ? "MATERIALIZED " : "",
                            qualified_name(v.schema, v.name), options, trim_statement(v.definition)));
}

stmt drop_view(const view_def& v) {
    return make(
        fmt::format("DROP {}VIEW {};", v.materialized ? "MATERIALIZED " : "", qualified_name(v.schema, v.name)));
}

stmt create_function(const function_def& f) { return make(trim_statement(f.definition) + ";"); }

stmt drop_function(const function_def& f) {
    return make(fmt::format("DROP {} {}({});", f.procedure ? "PROCEDURE" : "FUNCTION", qualified_name(f.schema, f.name),
                            f.identity_arguments));
}

stmt create_trigger(const trigger_def& t) { return make(trim_statement(t.definition) + ";"); }

stmt drop_trigger(const trigger_def& t, const object_key& relation) {
    return make(fmt::format("DROP TRIGGER {} ON {};", quote_ident(t.name), qualified(relation)));
}

std::optional<stmt> trigger_enabled(const trigger_def& t, const object_key& relation) {
    const char* how = nullptr;
    switch (t.enabled) {
    case 'D': how = "DISABLE TRIGGER"; break;
    case 'R': how = "ENABLE REPLICA TRIGGER"; break;
    case 'A': how = "ENABLE ALWAYS TRIGGER"; break;
    default: how = "ENABLE TRIGGER"; break;
    }
    return make(fmt::format("ALTER TABLE {} {} {};", qualified(relation), how, quote_ident(t.name)));
}

stmt create_policy(const policy_def& p) {
    std::string sql = fmt::format("CREATE POLICY {} ON {} AS {} FOR {} TO {}", quote_ident(p.name),
                                  qualified_name(p.schema, p.table), p.permissive ? "PERMISSIVE" : "RESTRICTIVE",
                                  p.command, p.roles.empty() ? "public" : list_of(p.roles));
    if (p.using_expression) sql += " USING (" + *p.using_expression + ")";
    if (p.check_expression) sql += " WITH CHECK (" + *p.check_expression + ")";
    return make(sql + ";");
}

stmt drop_policy(const policy_def& p) {
    return make(fmt::format("DROP POLICY {} ON {};", quote_ident(p.name), qualified_name(p.schema, p.table)));
}

stmt comment_on(const object_key& target, const std::optional<std::string>& text, const database_schema& model) {
    return make(fmt::format("COMMENT ON {} IS {};", object_reference(target, model, false),
                            text ? quote_literal(*text) : std::string("NULL")));
}

stmt grant(const grant_def& g, const database_schema& model) {
    return make(fmt::format("GRANT {} ON {} TO {}{};", g.privilege, object_reference(g.target, model, true), g.grantee,
                            g.grantable ? " WITH GRANT OPTION" : ""));
}

stmt revoke(const grant_def& g, const database_schema& model) {
    return make(
        fmt::format("REVOKE {} ON {} FROM {};", g.privilege, object_reference(g.target, model, true), g.grantee));
}

}  // namespace retort::schema::ddl
