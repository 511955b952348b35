// Names and keys of the model's objects, and the quoting every DDL writer uses.
#include "schema/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace retort::schema {

namespace {

// PostgreSQL's keywords that are not UNRESERVED (kwlist.h): an identifier spelled like one must be
// quoted, as the server's quote_ident() and pg_dump's fmtId() do.
constexpr std::array<std::string_view, 151> keywords = {"all",
                                                        "analyse",
                                                        "analyze",
                                                        "and",
                                                        "any",
                                                        "array",
                                                        "as",
                                                        "asc",
                                                        "asymmetric",
                                                        "authorization",
                                                        "between",
                                                        "bigint",
                                                        "binary",
                                                        "bit",
                                                        "boolean",
                                                        "both",
                                                        "case",
                                                        "cast",
                                                        "char",
                                                        "character",
                                                        "check",
                                                        "coalesce",
                                                        "collate",
                                                        "collation",
                                                        "column",
                                                        "concurrently",
                                                        "constraint",
                                                        "create",
                                                        "cross",
                                                        "current_catalog",
                                                        "current_date",
                                                        "current_role",
                                                        "current_schema",
                                                        "current_time",
                                                        "current_timestamp",
                                                        "current_user",
                                                        "dec",
                                                        "decimal",
                                                        "default",
                                                        "deferrable",
                                                        "desc",
                                                        "distinct",
                                                        "do",
                                                        "else",
                                                        "end",
                                                        "except",
                                                        "exists",
                                                        "extract",
                                                        "false",
                                                        "fetch",
                                                        "float",
                                                        "for",
                                                        "foreign",
                                                        "freeze",
                                                        "from",
                                                        "full",
                                                        "grant",
                                                        "greatest",
                                                        "group",
                                                        "grouping",
                                                        "having",
                                                        "ilike",
                                                        "in",
                                                        "initially",
                                                        "inner",
                                                        "inout",
                                                        "int",
                                                        "integer",
                                                        "intersect",
                                                        "interval",
                                                        "into",
                                                        "is",
                                                        "isnull",
                                                        "join",
                                                        "lateral",
                                                        "leading",
                                                        "least",
                                                        "left",
                                                        "like",
                                                        "limit",
                                                        "localtime",
                                                        "localtimestamp",
                                                        "national",
                                                        "natural",
                                                        "nchar",
                                                        "none",
                                                        "normalize",
                                                        "not",
                                                        "notnull",
                                                        "null",
                                                        "nullif",
                                                        "numeric",
                                                        "offset",
                                                        "on",
                                                        "only",
                                                        "or",
                                                        "order",
                                                        "out",
                                                        "outer",
                                                        "overlaps",
                                                        "overlay",
                                                        "placing",
                                                        "position",
                                                        "precision",
                                                        "primary",
                                                        "real",
                                                        "references",
                                                        "returning",
                                                        "right",
                                                        "row",
                                                        "select",
                                                        "session_user",
                                                        "setof",
                                                        "similar",
                                                        "smallint",
                                                        "some",
                                                        "substring",
                                                        "symmetric",
                                                        "table",
                                                        "tablesample",
                                                        "then",
                                                        "time",
                                                        "timestamp",
                                                        "to",
                                                        "trailing",
                                                        "treat",
                                                        "trim",
                                                        "true",
                                                        "union",
                                                        "unique",
                                                        "user",
                                                        "using",
                                                        "values",
                                                        "varchar",
                                                        "variadic",
                                                        "verbose",
                                                        "when",
                                                        "where",
                                                        "window",
                                                        "with",
                                                        "xmlattributes",
                                                        "xmlconcat",
                                                        "xmlelement",
                                                        "xmlexists",
                                                        "xmlforest",
                                                        "xmlnamespaces",
                                                        "xmlparse",
                                                        "xmlpi",
                                                        "xmlroot",
                                                        "xmlserialize",
                                                        "xmltable"};

// ASCII only, as the server's quote_identifier() tests: <cctype> would consult the locale per character.
bool lower_or_underscore(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

// Where the keywords of each first letter begin in the list (a..z, then the end): a name is looked up
// among the few of its letter. Every name the planner prints and every change described is looked up,
// and the search over the whole list was half of the quoting's time at 5,000 tables.
constexpr std::array<std::size_t, 27> letter_starts = [] {
    std::array<std::size_t, 27> starts{};
    for (std::size_t letter = 0; letter < 27; ++letter)
        starts[letter] = static_cast<std::size_t>(
            std::find_if(keywords.begin(), keywords.end(),
                         [&](std::string_view k) { return static_cast<std::size_t>(k[0] - 'a') >= letter; }) -
            keywords.begin());
    return starts;
}();
static_assert(std::is_sorted(keywords.begin(), keywords.end()), "the keywords are searched in byte order");
static_assert(std::all_of(keywords.begin(), keywords.end(),
                          [](std::string_view k) {
                              return k[0] >= 'a' && k[0] <= 'z' && k.find_first_of("0123456789$") == k.npos;
                          }),
              "keywords begin with a letter, and a name with a digit or a dollar sign is taken for no keyword");

bool keyword(std::string_view name) {
    if (name[0] < 'a' || name[0] > 'z') return false;
    auto letter = static_cast<std::size_t>(name[0] - 'a');
    auto first = keywords.begin() + static_cast<std::ptrdiff_t>(letter_starts[letter]);
    auto last = keywords.begin() + static_cast<std::ptrdiff_t>(letter_starts[letter + 1]);
    return std::binary_search(first, last, name);
}

bool plain_identifier(const std::string& name) {
    if (name.empty() || !lower_or_underscore(name[0])) return false;
    bool digit_or_dollar = false;
    for (char c : name) {
        if (lower_or_underscore(c)) continue;
        if (!(c >= '0' && c <= '9') && c != '$') return false;
        digit_or_dollar = true;
    }
    return digit_or_dollar || !keyword(name);
}

}  // namespace

const char* kind_name(object_kind k) {
    switch (k) {
    case object_kind::schema: return "schema";
    case object_kind::extension: return "extension";
    case object_kind::enum_type: return "enum";
    case object_kind::domain: return "domain";
    case object_kind::composite_type: return "composite type";
    case object_kind::sequence: return "sequence";
    case object_kind::function: return "function";
    case object_kind::table: return "table";
    case object_kind::column: return "column";
    case object_kind::column_default: return "default";
    case object_kind::constraint: return "constraint";
    case object_kind::index: return "index";
    case object_kind::view: return "view";
    case object_kind::materialized_view: return "materialized view";
    case object_kind::trigger: return "trigger";
    case object_kind::policy: return "policy";
    case object_kind::sequence_owner: return "sequence ownership";
    case object_kind::comment: return "comment";
    case object_kind::grant: return "grant";
    }
    return "object";
}

// Appends rather than returns: describing 80,000 changes built three temporary strings each.
void append_quoted(std::string& out, const std::string& name) {
    if (plain_identifier(name)) {
        out += name;
        return;
    }
    out += '"';
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string quote_ident(const std::string& name) {
    std::string out;
    out.reserve(name.size() + 2);
    append_quoted(out, name);
    return out;
}

std::string qualified_name(const std::string& schema, const std::string& name) {
    std::string out;
    out.reserve(schema.size() + name.size() + 5);
    if (!schema.empty()) {
        append_quoted(out, schema);
        out += '.';
    }
    append_quoted(out, name);
    return out;
}

std::size_t object_key_hash::operator()(const object_key& k) const {
    std::hash<std::string_view> h;
    std::size_t seed = static_cast<std::size_t>(k.kind);
    for (const std::string* part : {&k.schema, &k.name, &k.member})
        seed ^= h(*part) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
}

std::string qualified(const object_key& k) {
    switch (k.kind) {
    case object_kind::schema:
    case object_kind::extension: return quote_ident(k.name);
    default: return qualified_name(k.schema, k.name);
    }
}

void describe_to(std::string& out, const object_key& k) {
    auto qualified_to = [&] {
        if (k.kind != object_kind::schema && k.kind != object_kind::extension && !k.schema.empty()) {
            append_quoted(out, k.schema);
            out += '.';
        }
        append_quoted(out, k.name);
    };
    out += kind_name(k.kind);
    out += ' ';
    switch (k.kind) {
    case object_kind::function:
        qualified_to();
        out += '(' + k.member + ')';
        break;
    case object_kind::column:
    case object_kind::column_default:
        qualified_to();
        out += '.';
        append_quoted(out, k.member);
        break;
    case object_kind::constraint:
    case object_kind::trigger:
    case object_kind::policy:
        append_quoted(out, k.member);
        out += " on ";
        qualified_to();
        break;
    case object_kind::comment:
    case object_kind::grant: out += "on " + k.member; break;
    default: qualified_to(); break;
    }
}

std::string describe(const object_key& k) {
    std::string out;
    out.reserve(16 + k.schema.size() + k.name.size() + k.member.size());
    describe_to(out, k);
    return out;
}

bool same_column(const column_def& a, const column_def& b) {
    return a.name == b.name && a.type == b.type && a.collation == b.collation && a.default_value == b.default_value &&
           a.generated == b.generated && a.not_null == b.not_null && a.identity == b.identity;
}

object_key key_of(const schema_def& s) { return {object_kind::schema, "", s.name, ""}; }
object_key key_of(const extension_def& e) { return {object_kind::extension, "", e.name, ""}; }
object_key key_of(const enum_def& e) { return {object_kind::enum_type, e.schema, e.name, ""}; }
object_key key_of(const domain_def& d) { return {object_kind::domain, d.schema, d.name, ""}; }
object_key key_of(const composite_def& c) { return {object_kind::composite_type, c.schema, c.name, ""}; }
object_key key_of(const sequence_def& s) { return {object_kind::sequence, s.schema, s.name, ""}; }
object_key owner_key_of(const sequence_def& s) { return {object_kind::sequence_owner, s.schema, s.name, ""}; }
object_key key_of(const table_def& t) { return {object_kind::table, t.schema, t.name, ""}; }
object_key key_of(const table_def& t, const column_def& c) { return {object_kind::column, t.schema, t.name, c.name}; }
object_key default_key_of(const table_def& t, const column_def& c) {
    return {object_kind::column_default, t.schema, t.name, c.name};
}
object_key key_of(const table_def& t, const constraint_def& c) {
    return {object_kind::constraint, t.schema, t.name, c.name};
}
object_key key_of(const index_def& i) { return {object_kind::index, i.schema, i.name, ""}; }
object_key key_of(const view_def& v) {
    return {v.materialized ? object_kind::materialized_view : object_kind::view, v.schema, v.name, ""};
}
object_key key_of(const function_def& f) { return {object_kind::function, f.schema, f.name, f.identity_arguments}; }
object_key key_of(const trigger_def& t) { return {object_kind::trigger, t.schema, t.table, t.name}; }
object_key key_of(const policy_def& p) { return {object_kind::policy, p.schema, p.table, p.name}; }
object_key key_of(const comment_def& c) {
    return {object_kind::comment, c.target.schema, c.target.name, describe(c.target)};
}
object_key key_of(const grant_def& g) {
    return {object_kind::grant, g.target.schema, g.target.name,
            fmt::format("{} {} to {}", describe(g.target), g.privilege, g.grantee)};
}

}  // namespace retort::schema
