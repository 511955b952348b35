// Reads schema changes out of CREATE, ALTER, DROP and RENAME statements.
#include "sql/changes.hpp"

#include <algorithm>

#include "sql/tree.hpp"

namespace retort::sql {

namespace {

using kind = schema_change::kind;
using tree::as;

void create_table(const json::value& stmt, std::vector<schema_change>& out) {
    const auto& rel = stmt["relation"];
    const std::string table = tree::relation_key(rel);
    out.push_back(
        {kind::create_relation, table, {}, {}, {}, {}, stmt.contains("partspec"), stmt["if_not_exists"].boolean()});
    for (const auto& element : stmt["tableElts"].items()) {
        const auto& column = as(element, "ColumnDef");
        if (column.is_null()) continue;
        out.push_back({kind::add_column,
                       table,
                       std::string(column["colname"].str()),
                       {},
                       tree::type_text(column["typeName"]),
                       {},
                       false,
                       false});
    }
}

void alter_table(const json::value& stmt, std::vector<schema_change>& out) {
    const std::string table = tree::relation_key(stmt["relation"]);
    for (const auto& item : stmt["cmds"].items()) {
        const auto& cmd = as(item, "AlterTableCmd");
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddColumn") {
            const auto& column = as(cmd["def"], "ColumnDef");
            out.push_back({kind::add_column,
                           table,
                           std::string(column["colname"].str()),
                           {},
                           tree::type_text(column["typeName"]),
                           {},
                           false,
                           cmd["missing_ok"].boolean()});
        } else if (subtype == "AT_DropColumn") {
            out.push_back({kind::drop_column, table, std::string(cmd["name"].str()), {}, {}, {}, false, false});
        } else if (subtype == "AT_AlterColumnType") {
            out.push_back({kind::set_column_type,
                           table,
                           std::string(cmd["name"].str()),
                           {},
                           tree::type_text(as(cmd["def"], "ColumnDef")["typeName"]),
                           {},
                           false,
                           false});
        }
    }
}

void rename(const json::value& stmt, std::vector<schema_change>& out) {
    const auto type = stmt["renameType"].str();
    const auto& rel = stmt["relation"];
    if (rel.is_null()) return;
    const std::string relation = tree::relation_key(rel);
    if (type == "OBJECT_COLUMN") {
        out.push_back({kind::rename_column,
                       relation,
                       std::string(stmt["subname"].str()),
                       std::string(stmt["newname"].str()),
                       {},
                       {},
                       false,
                       false});
    } else if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_INDEX" ||
               type == "OBJECT_SEQUENCE" || type == "OBJECT_FOREIGN_TABLE") {
        out.push_back({kind::rename_relation,
                       relation,
                       {},
                       tree::relation_key(rel["schemaname"].str(), stmt["newname"].str()),
                       {},
                       {},
                       false,
                       false});
    }
}

void drop(const json::value& stmt, std::vector<schema_change>& out) {
    const auto type = stmt["removeType"].str();
    if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
        for (const auto& object : stmt["objects"].items())
            out.push_back({kind::drop_function,
                           tree::relation_key_of_names(as(object, "ObjectWithArgs")["objname"]),
                           {},
                           {},
                           {},
                           {},
                           false,
                           false});
        return;
    }
    if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW" && type != "OBJECT_INDEX" &&
        type != "OBJECT_SEQUENCE" && type != "OBJECT_FOREIGN_TABLE")
        return;
    for (const auto& object : stmt["objects"].items()) {
        out.push_back({kind::drop_relation,
                       tree::relation_key_of_names(as(object, "List")["items"]),
                       {},
                       {},
                       {},
                       {},
                       false,
                       false});
    }
}

void create_index(const json::value& stmt, std::vector<schema_change>& out) {
    const auto& rel = stmt["relation"];
    if (stmt["idxname"].str().empty()) return;  // the server names it; nothing can refer to it by name here
    out.push_back({kind::create_relation,
                   tree::relation_key(rel["schemaname"].str(), stmt["idxname"].str()),
                   {},
                   {},
                   {},
                   tree::relation_key(rel),
                   false,
                   stmt["if_not_exists"].boolean()});
}

void create_function(const json::value& stmt, std::vector<schema_change>& out) {
    bool is_volatile = true;  // CREATE FUNCTION's default
    for (const auto& option : stmt["options"].items()) {
        const auto& o = as(option, "DefElem");
        if (o["defname"].str() == "volatility") is_volatile = tree::string_of(o["arg"]) == "volatile";
    }
    schema_change c{kind::create_function, tree::relation_key_of_names(stmt["funcname"]), {}, {}, {}, {}, false, false};
    c.volatile_function = is_volatile;
    out.push_back(std::move(c));
}

// Words and quoted identifiers at the head of a statement, comments skipped; unquoted words lower-cased,
// as PostgreSQL folds them; "." kept as a word of its own.
std::vector<std::string> head_words(std::string_view sql, std::size_t limit) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto is_word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    while (i < sql.size() && out.size() < limit) {
        const char c = sql[i];
        if (sql.substr(i, 2) == "--") {
            i = std::min(sql.find('\n', i), sql.size());
        } else if (sql.substr(i, 2) == "/*") {
            i = std::min(sql.find("*/", i + 2), sql.size() - 2) + 2;
        } else if (c == '"') {
            std::string word;
            std::size_t j = i + 1;
            for (; j < sql.size(); ++j) {
                if (sql[j] == '"' && (j + 1 >= sql.size() || sql[j + 1] != '"')) break;
                word += sql[j];
                j += sql[j] == '"' ? 1 : 0;
            }
            out.push_back(std::move(word));
            i = j + 1;
        } else if (is_word(c)) {
            std::string word;
            for (; i < sql.size() && is_word(sql[i]); ++i)
                word += static_cast<char>(sql[i] >= 'A' && sql[i] <= 'Z' ? sql[i] - 'A' + 'a' : sql[i]);
            out.push_back(std::move(word));
        } else if (c == '.' || c == '(') {
            out.emplace_back(1, c);
            ++i;
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace

std::vector<schema_change> changes_of_text(std::string_view sql) {
    const auto w = head_words(sql, 16);
    std::size_t i = 0;
    auto next_is = [&](std::string_view word) { return i < w.size() && w[i] == word ? (++i, true) : false; };
    // [schema .] name at i; empty when there is none.
    auto name = [&]() -> std::string {
        if (i >= w.size() || w[i] == "(") return {};
        if (i + 2 < w.size() && w[i + 1] == ".") {
            i += 3;
            return tree::relation_key(w[i - 3], w[i - 1]);
        }
        return w[i++];
    };
    std::vector<schema_change> out;
    if (!next_is("create")) return out;
    const bool replace = next_is("or") && next_is("replace");
    // Optional words, each skipped when present.
    for (std::string_view optional : {"global", "local", "temp", "temporary", "unlogged", "materialized", "unique"})
        static_cast<void>(next_is(optional));
    if (next_is("table") || next_is("view")) {
        const bool if_not_exists = next_is("if") && next_is("not") && next_is("exists");
        if (auto n = name(); !n.empty())
            out.push_back({kind::create_relation, n, {}, {}, {}, {}, false, if_not_exists || replace});
    } else if (next_is("index")) {
        static_cast<void>(next_is("concurrently"));
        const bool if_not_exists = next_is("if") && next_is("not") && next_is("exists");
        std::string index = w.size() > i && w[i] != "on" ? name() : std::string();
        if (next_is("on")) {
            static_cast<void>(next_is("only"));
            if (auto table = name(); !table.empty() && !index.empty())
                out.push_back({kind::create_relation, index, {}, {}, {}, table, false, if_not_exists});
        }
    }
    return out;
}

std::vector<schema_change> changes_of(const json::value& statement) {
    std::vector<schema_change> out;
    const auto type = tree::kind(statement);
    const auto& stmt = tree::body(statement);
    if (type == "CreateStmt") {
        create_table(stmt, out);
    } else if (type == "CreateTableAsStmt") {
        out.push_back({kind::create_relation,
                       tree::relation_key(stmt["into"]["rel"]),
                       {},
                       {},
                       {},
                       {},
                       false,
                       stmt["if_not_exists"].boolean()});
    } else if (type == "ViewStmt") {
        out.push_back({kind::create_relation,
                       tree::relation_key(stmt["view"]),
                       {},
                       {},
                       {},
                       {},
                       false,
                       stmt["replace"].boolean()});
    } else if (type == "CreateSeqStmt") {
        out.push_back({kind::create_relation,
                       tree::relation_key(stmt["sequence"]),
                       {},
                       {},
                       {},
                       {},
                       false,
                       stmt["if_not_exists"].boolean()});
    } else if (type == "IndexStmt") {
        create_index(stmt, out);
    } else if (type == "AlterTableStmt") {
        alter_table(stmt, out);
    } else if (type == "RenameStmt") {
        rename(stmt, out);
    } else if (type == "DropStmt") {
        drop(stmt, out);
    } else if (type == "CreateFunctionStmt") {
        create_function(stmt, out);
    }
    return out;
}

}  // namespace retort::sql
