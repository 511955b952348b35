// The DDL writer: the text of each statement the planner emits, and its hazards. Pure. `existing`
// says the table was there before the change (only then do locks and rewrites hurt anyone).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schema/model.hpp"
#include "schema/planner.hpp"

namespace retort::schema::ddl {

using stmt = planned_statement;

stmt create_schema(const schema_def& s);
stmt drop_schema(const schema_def& s);
stmt create_extension(const extension_def& e);
stmt drop_extension(const extension_def& e);
std::vector<stmt> alter_extension(const extension_def& a, const extension_def& b);

stmt create_enum(const enum_def& e);
stmt drop_type(const object_key& type);
// ADD VALUE statements when `b` keeps `a`'s labels in order; nullopt when the type must be recreated.
std::optional<std::vector<stmt>> add_enum_values(const enum_def& a, const enum_def& b);
stmt rename_type(const object_key& type, const std::string& new_name);
stmt convert_column_to_enum(const table_def& t, const column_def& c, const enum_def& e);

stmt create_domain(const domain_def& d);
std::vector<stmt> alter_domain(const domain_def& a, const domain_def& b);
stmt create_composite(const composite_def& c);
// ALTER TYPE statements, or nullopt when the order of attributes only a new type can give.
std::optional<std::vector<stmt>> alter_composite(const composite_def& a, const composite_def& b);

stmt create_sequence(const sequence_def& s);
stmt drop_sequence(const sequence_def& s);
std::vector<stmt> alter_sequence(const sequence_def& a, const sequence_def& b);
stmt set_sequence_owner(const sequence_def& s);
stmt clear_sequence_owner(const sequence_def& s);

stmt create_table(const table_def& t);
stmt drop_table(const table_def& t);
std::vector<stmt> table_settings(const table_def& t);  // after CREATE TABLE: row level security
std::vector<stmt> alter_table(const table_def& a, const table_def& b);
stmt add_column(const table_def& t, const column_def& c, bool existing);
stmt drop_column(const table_def& t, const column_def& c, bool existing);
// Type, collation, NOT NULL, identity; nullopt when only dropping and adding the column can change it
// (a generated column's expression).
std::optional<std::vector<stmt>> alter_column(const table_def& t, const column_def& a, const column_def& b,
                                              bool existing);
stmt set_default(const table_def& t, const column_def& c, bool existing);
stmt drop_default(const table_def& t, const column_def& c);

stmt add_constraint(const table_def& t, const constraint_def& c, bool existing);
stmt drop_constraint(const table_def& t, const constraint_def& c, bool existing);
// VALIDATE CONSTRAINT or ALTER CONSTRAINT when that is all that differs; nullopt otherwise.
std::optional<stmt> alter_constraint(const table_def& t, const constraint_def& a, const constraint_def& b);

stmt create_index(const index_def& i, bool existing);
stmt drop_index(const index_def& i, bool existing);
// The same index built with CONCURRENTLY.
std::string concurrently(const std::string& create_index_sql);

stmt create_view(const view_def& v);
stmt drop_view(const view_def& v);
stmt create_function(const function_def& f);
stmt drop_function(const function_def& f);
stmt create_trigger(const trigger_def& t);
stmt drop_trigger(const trigger_def& t, const object_key& relation);
std::optional<stmt> trigger_enabled(const trigger_def& t, const object_key& relation);
stmt create_policy(const policy_def& p);
stmt drop_policy(const policy_def& p);

// COMMENT ON the object `target` (text; nullopt for IS NULL). `model` finds what the key alone does
// not say (a function's kind).
stmt comment_on(const object_key& target, const std::optional<std::string>& text, const database_schema& model);
stmt grant(const grant_def& g, const database_schema& model);
stmt revoke(const grant_def& g, const database_schema& model);

}  // namespace retort::schema::ddl
