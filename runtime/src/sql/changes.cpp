// Reads schema changes out of CREATE, ALTER, DROP and RENAME statements.
#include "changes.hpp"

#include "tree.hpp"

namespace retort::sql {

namespace {

using kind = schema_change::kind;
using tree::as;

void create_table(const json::value& stmt, std::vector<schema_change>& out) {
    const auto& rel = stmt["relation"];
    const std::string table = tree::relation_key(rel);
    out.push_back({kind::create_relation, table, {}, {}, {}, {}, stmt.contains("partspec"),
                   stmt["if_not_exists"].boolean()});
    for (const auto& element : stmt["tableElts"].items()) {
        const auto& column = as(element, "ColumnDef");
        if (column.is_null()) continue;
        out.push_back({kind::add_column, table, std::string(column["colname"].str()), {},
                       tree::type_text(column["typeName"]), {}, false, false});
    }
}

void alter_table(const json::value& stmt, std::vector<schema_change>& out) {
    const std::string table = tree::relation_key(stmt["relation"]);
    for (const auto& item : stmt["cmds"].items()) {
        const auto& cmd = as(item, "AlterTableCmd");
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddColumn") {
            const auto& column = as(cmd["def"], "ColumnDef");
            out.push_back({kind::add_column, table, std::string(column["colname"].str()), {},
                           tree::type_text(column["typeName"]), {}, false, cmd["missing_ok"].boolean()});
        } else if (subtype == "AT_DropColumn") {
            out.push_back({kind::drop_column, table, std::string(cmd["name"].str()), {}, {}, {}, false, false});
        } else if (subtype == "AT_AlterColumnType") {
            out.push_back({kind::set_column_type, table, std::string(cmd["name"].str()), {},
                           tree::type_text(as(cmd["def"], "ColumnDef")["typeName"]), {}, false, false});
        }
    }
}

void rename(const json::value& stmt, std::vector<schema_change>& out) {
    const auto type = stmt["renameType"].str();
    const auto& rel = stmt["relation"];
    if (rel.is_null()) return;
    const std::string relation = tree::relation_key(rel);
    if (type == "OBJECT_COLUMN") {
        out.push_back({kind::rename_column, relation, std::string(stmt["subname"].str()),
                       std::string(stmt["newname"].str()), {}, {}, false, false});
    } else if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
               type == "OBJECT_INDEX" || type == "OBJECT_SEQUENCE" || type == "OBJECT_FOREIGN_TABLE") {
        out.push_back({kind::rename_relation, relation, {},
                       tree::relation_key(rel["schemaname"].str(), stmt["newname"].str()), {}, {}, false, false});
    }
}

void drop(const json::value& stmt, std::vector<schema_change>& out) {
    const auto type = stmt["removeType"].str();
    if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW" && type != "OBJECT_INDEX" &&
        type != "OBJECT_SEQUENCE" && type != "OBJECT_FOREIGN_TABLE")
        return;
    for (const auto& object : stmt["objects"].items()) {
        out.push_back({kind::drop_relation, tree::relation_key_of_names(as(object, "List")["items"]), {}, {}, {}, {},
                       false, false});
    }
}

void create_index(const json::value& stmt, std::vector<schema_change>& out) {
    const auto& rel = stmt["relation"];
    if (stmt["idxname"].str().empty()) return;  // the server names it; nothing can refer to it by name here
    out.push_back({kind::create_relation, tree::relation_key(rel["schemaname"].str(), stmt["idxname"].str()), {}, {},
                   {}, tree::relation_key(rel), false, stmt["if_not_exists"].boolean()});
}

}  // namespace

std::vector<schema_change> changes_of(const json::value& statement) {
    std::vector<schema_change> out;
    const auto type = tree::kind(statement);
    const auto& stmt = tree::body(statement);
    if (type == "CreateStmt") {
        create_table(stmt, out);
    } else if (type == "CreateTableAsStmt") {
        out.push_back({kind::create_relation, tree::relation_key(stmt["into"]["rel"]), {}, {}, {}, {}, false,
                       stmt["if_not_exists"].boolean()});
    } else if (type == "ViewStmt") {
        out.push_back({kind::create_relation, tree::relation_key(stmt["view"]), {}, {}, {}, {}, false,
                       stmt["replace"].boolean()});
    } else if (type == "CreateSeqStmt") {
        out.push_back({kind::create_relation, tree::relation_key(stmt["sequence"]), {}, {}, {}, {}, false,
                       stmt["if_not_exists"].boolean()});
    } else if (type == "IndexStmt") {
        create_index(stmt, out);
    } else if (type == "AlterTableStmt") {
        alter_table(stmt, out);
    } else if (type == "RenameStmt") {
        rename(stmt, out);
    } else if (type == "DropStmt") {
        drop(stmt, out);
    }
    return out;
}

}  // namespace retort::sql
