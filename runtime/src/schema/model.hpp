// retort::schema, the declared-schema subsystem: the model of a database schema as plain values, read
// from the server's catalog (catalog_reader.hpp), compared (diff.hpp), turned into DDL ordered by
// dependency (planner.hpp) and proven on scratch databases (autogenerate.hpp).
//
// This file is the model. Every text field holds the server's canonical form (format_type,
// pg_get_expr, pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef, pg_get_functiondef,
// pg_get_triggerdef), read with an empty search_path so that every name is schema-qualified; two
// databases that hold the same schema therefore produce equal values whatever the SQL that built them
// said (`int4` or `integer`, casts in defaults, white space). Owners are not part of the model (like
// `pg_dump --no-owner`); grants are, when asked for.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_text.hpp"  // quote_literal

namespace retort::schema {

// Every kind of object the model holds. The order is the default order of creation when nothing in
// the dependency graph says otherwise.
enum class object_kind : std::uint8_t {
    schema,
    extension,
    enum_type,
    domain,
    composite_type,
    sequence,
    function,
    table,
    column,
    column_default,
    constraint,
    index,
    view,
    materialized_view,
    trigger,
    policy,
    sequence_owner,
    comment,
    grant,
};

// The lower-case name of a kind as messages print it ("materialized view").
const char* kind_name(object_kind k);

// Names one object across databases (no OIDs). `schema` and `name` are the object's own; `member`
// names the part of a table (column, constraint, trigger, policy), a function's identity arguments,
// a comment's or grant's target (the target's describe() text), or is empty.
struct object_key {
    object_kind kind = object_kind::schema;
    std::string schema;
    std::string name;
    std::string member;

    friend auto operator<=>(const object_key&, const object_key&) = default;
    friend bool operator==(const object_key&, const object_key&) = default;
};

// Hashes an object_key, for unordered containers. Not noexcept on purpose: libstdc++ then keeps each
// element's hash code, so a lookup compares three strings only on a matching code and a rehash does not
// hash every key again (the planner's dependency maps at 5,000 tables).
struct object_key_hash {
    std::size_t operator()(const object_key& k) const;
};

// "table public.person", "column public.person.name", "function public.f(integer)": for messages.
std::string describe(const object_key& k);
// The same, appended to `out`.
void describe_to(std::string& out, const object_key& k);

// The SQL name: quoted identifiers joined by dots (public.person, public."Order"). For members of a
// table it is the table's name; use quote_ident() for the member itself.
std::string qualified(const object_key& k);

// An identifier quoted when PostgreSQL needs it (upper case, special characters, keywords), as
// quote_ident() does on the server.
std::string quote_ident(const std::string& name);

// Quoted schema and name joined by a dot.
std::string qualified_name(const std::string& schema, const std::string& name);

struct schema_def {
    std::string name;
    friend bool operator==(const schema_def&, const schema_def&) = default;
};

struct extension_def {
    std::string name;
    std::string schema;
    std::string version;
    friend bool operator==(const extension_def&, const extension_def&) = default;
};

struct enum_def {
    std::string schema;
    std::string name;
    std::vector<std::string> labels;  // in sort order (enumsortorder)
    friend bool operator==(const enum_def&, const enum_def&) = default;
};

struct named_check {
    std::string name;
    std::string definition;  // pg_get_constraintdef: "CHECK ((VALUE > 0))", with NOT VALID when so
    friend bool operator==(const named_check&, const named_check&) = default;
};

struct domain_def {
    std::string schema;
    std::string name;
    std::string base_type;  // format_type
    std::string collation;  // qualified; empty when the base type's default
    std::optional<std::string> default_value;
    bool not_null = false;
    std::vector<named_check> checks;  // by name
    friend bool operator==(const domain_def&, const domain_def&) = default;
};

struct attribute_def {
    std::string name;
    std::string type;
    std::string collation;
    friend bool operator==(const attribute_def&, const attribute_def&) = default;
};

struct composite_def {
    std::string schema;
    std::string name;
    std::vector<attribute_def> attributes;  // in order: a composite type's order is its layout
    friend bool operator==(const composite_def&, const composite_def&) = default;
};

// The options of a sequence, also those of an identity column's sequence.
struct sequence_options {
    std::string data_type = "bigint";
    std::int64_t start = 1;
    std::int64_t increment = 1;
    std::int64_t min_value = 1;
    std::int64_t max_value = 9223372036854775807;
    std::int64_t cache = 1;
    bool cycle = false;
    friend bool operator==(const sequence_options&, const sequence_options&) = default;
};

struct column_ref {
    std::string schema;
    std::string table;
    std::string column;
    friend bool operator==(const column_ref&, const column_ref&) = default;
};

struct sequence_def {
    std::string schema;
    std::string name;
    sequence_options options;
    bool unlogged = false;
    std::optional<column_ref> owned_by;
    friend bool operator==(const sequence_def&, const sequence_def&) = default;
};

struct identity_def {
    char generation = 'd';      // 'a' ALWAYS, 'd' BY DEFAULT
    std::string sequence_name;  // the identity sequence's own name, in the table's schema
    sequence_options options;
    friend bool operator==(const identity_def&, const identity_def&) = default;
};

struct column_def {
    std::string name;
    std::string type;                          // format_type(atttypid, atttypmod)
    std::string collation;                     // qualified; empty when the type's default
    std::optional<std::string> default_value;  // pg_get_expr; absent for generated columns
    std::optional<std::string> generated;      // the STORED expression of a generated column
    bool not_null = false;
    std::optional<identity_def> identity;
    int position = 0;        // attnum: the order in the table, compared only as a note
    bool inherited = false;  // a partition's column that comes from its parent
};

// Equal in everything but the position (column order is a note, not a change).
bool same_column(const column_def& a, const column_def& b);

struct constraint_def {
    std::string name;
    char type = 'c';         // p primary key, u unique, f foreign key, c check, x exclusion
    std::string definition;  // pg_get_constraintdef: includes DEFERRABLE, INITIALLY DEFERRED, NOT VALID
    bool deferrable = false;
    bool deferred = false;
    bool validated = true;
    friend bool operator==(const constraint_def&, const constraint_def&) = default;
};

struct partition_of {
    std::string schema;
    std::string parent;
    std::string bound;  // pg_get_expr(relpartbound): "FOR VALUES FROM (0) TO (10)", "DEFAULT"
    friend bool operator==(const partition_of&, const partition_of&) = default;
};

struct table_def {
    std::string schema;
    std::string name;
    bool partitioned = false;
    std::string partition_key;  // pg_get_partkeydef when partitioned: "RANGE (k)"
    std::optional<partition_of> partition;
    bool unlogged = false;
    std::vector<std::string> options;  // reloptions, sorted: "fillfactor=70"
    bool row_security = false;
    bool force_row_security = false;
    std::vector<column_def> columns;          // in attnum order
    std::vector<constraint_def> constraints;  // local ones, by name
};

struct index_def {
    std::string schema;
    std::string name;
    std::string table;       // the table or materialized view, same schema
    std::string definition;  // pg_get_indexdef
    bool unique = false;
    friend bool operator==(const index_def&, const index_def&) = default;
};

struct view_def {
    std::string schema;
    std::string name;
    bool materialized = false;
    std::string definition;            // pg_get_viewdef
    std::vector<std::string> options;  // reloptions: check_option, security_barrier, ...
    friend bool operator==(const view_def&, const view_def&) = default;
};

struct function_def {
    std::string schema;
    std::string name;
    std::string identity_arguments;  // pg_get_function_identity_arguments
    bool procedure = false;
    std::string arguments;   // pg_get_function_arguments (names and defaults)
    std::string result;      // pg_get_function_result; empty for a procedure
    std::string definition;  // pg_get_functiondef: CREATE OR REPLACE FUNCTION ...
    friend bool operator==(const function_def&, const function_def&) = default;
};

struct trigger_def {
    std::string schema;
    std::string table;
    std::string name;
    std::string definition;  // pg_get_triggerdef
    char enabled = 'O';      // O origin (enabled), D disabled, R replica, A always
    friend bool operator==(const trigger_def&, const trigger_def&) = default;
};

struct policy_def {
    std::string schema;
    std::string table;
    std::string name;
    bool permissive = true;
    std::string command;             // ALL, SELECT, INSERT, UPDATE, DELETE
    std::vector<std::string> roles;  // quoted role names, sorted; "public" for PUBLIC
    std::optional<std::string> using_expression;
    std::optional<std::string> check_expression;
    friend bool operator==(const policy_def&, const policy_def&) = default;
};

// COMMENT ON the object `target`.
struct comment_def {
    object_key target;
    std::string text;
    friend bool operator==(const comment_def&, const comment_def&) = default;
};

// One privilege held by one grantee on `target` (read only when grants are asked for).
struct grant_def {
    object_key target;
    std::string grantee;    // role name, "PUBLIC" for everyone
    std::string privilege;  // SELECT, INSERT, ..., EXECUTE, USAGE
    bool grantable = false;
    friend bool operator==(const grant_def&, const grant_def&) = default;
};

// An object of a kind retort does not model: it is reported, and makes a comparison fail, because
// retort can neither tell whether it differs nor write the DDL that changes it.
struct unmodelled_object {
    std::string kind;      // "aggregate", "rule", "foreign table", ...
    std::string identity;  // as pg_identify_object() names it
    friend auto operator<=>(const unmodelled_object&, const unmodelled_object&) = default;
};

// `dependent` needs `referenced` (both modelled objects), from pg_depend and from the model's own
// structure (a column needs its table).
struct dependency {
    object_key dependent;
    object_key referenced;
    friend auto operator<=>(const dependency&, const dependency&) = default;
};

// A whole database schema. Every list is sorted by its key, so two reads of equal schemas are equal.
struct database_schema {
    std::vector<schema_def> schemas;
    std::vector<extension_def> extensions;
    std::vector<enum_def> enums;
    std::vector<domain_def> domains;
    std::vector<composite_def> composites;
    std::vector<sequence_def> sequences;
    std::vector<table_def> tables;
    std::vector<index_def> indexes;
    std::vector<view_def> views;  // views and materialized views
    std::vector<function_def> functions;
    std::vector<trigger_def> triggers;
    std::vector<policy_def> policies;
    std::vector<comment_def> comments;
    std::vector<grant_def> grants;
    std::vector<dependency> dependencies;       // unique, in no particular order
    std::vector<unmodelled_object> unmodelled;  // sorted
    int server_version = 0;
};

// Keys of the model's objects.
object_key key_of(const schema_def& s);
object_key key_of(const extension_def& e);
object_key key_of(const enum_def& e);
object_key key_of(const domain_def& d);
object_key key_of(const composite_def& c);
object_key key_of(const sequence_def& s);
object_key key_of(const table_def& t);
object_key key_of(const table_def& t, const column_def& c);
object_key default_key_of(const table_def& t, const column_def& c);
object_key key_of(const table_def& t, const constraint_def& c);
object_key key_of(const index_def& i);
object_key key_of(const view_def& v);
object_key key_of(const function_def& f);
object_key key_of(const trigger_def& t);
object_key key_of(const policy_def& p);
object_key key_of(const comment_def& c);
object_key key_of(const grant_def& g);
object_key owner_key_of(const sequence_def& s);

}  // namespace retort::schema
