// The lock table: statement type (and ALTER TABLE subcommand) to lock mode.
#include "sql/locks.hpp"

#include <algorithm>

#include "sql/tree.hpp"
#include "sql/volatility.hpp"

namespace retort::sql {

namespace {

using tree::as;

void take(std::vector<lock_use>& out, std::string relation, lock_mode mode) {
    if (relation.empty()) return;
    for (auto& u : out) {
        if (u.relation == relation) {
            u.mode = std::max(u.mode, mode);
            return;
        }
    }
    out.push_back({std::move(relation), mode});
}

// ALTER TABLE takes the strongest lock any of its subcommands needs.
lock_mode alter_table_cmd_lock(const json::value& cmd) {
    const auto subtype = cmd["subtype"].str();
    if (subtype == "AT_ValidateConstraint" || subtype == "AT_SetStatistics" || subtype == "AT_ClusterOn" ||
        subtype == "AT_DropCluster" || subtype == "AT_SetOptions" || subtype == "AT_ResetOptions" ||
        subtype == "AT_AttachPartition")
        return lock_mode::share_update_exclusive;
    if (subtype == "AT_DetachPartition")
        return as(cmd["def"], "PartitionCmd")["concurrent"].boolean() ? lock_mode::share_update_exclusive
                                                                      : lock_mode::access_exclusive;
    if (subtype.starts_with("AT_EnableTrig") || subtype.starts_with("AT_DisableTrig") ||
        (subtype == "AT_AddConstraint" && as(cmd["def"], "Constraint")["contype"].str() == "CONSTR_FOREIGN"))
        return lock_mode::share_row_exclusive;
    return lock_mode::access_exclusive;
}

void alter_table_locks(const json::value& stmt, std::vector<lock_use>& out) {
    const std::string table = tree::relation_key(stmt["relation"]);
    for (const auto& item : stmt["cmds"].items()) {
        const auto& cmd = as(item, "AlterTableCmd");
        take(out, table, alter_table_cmd_lock(cmd));
        // A foreign key also locks the table it references, against writes.
        tree::walk(cmd["def"], [&](const json::value& node) {
            const auto& c = as(node, "Constraint");
            if (c["contype"].str() == "CONSTR_FOREIGN")
                take(out, tree::relation_key(c["pktable"]), lock_mode::share_row_exclusive);
        });
        if (cmd["subtype"].str() == "AT_AttachPartition")
            take(out, tree::relation_key(as(cmd["def"], "PartitionCmd")["name"]), lock_mode::access_exclusive);
    }
}

void drop_locks(const json::value& stmt, std::vector<lock_use>& out) {
    const auto type = stmt["removeType"].str();
    const bool concurrent = stmt["concurrent"].boolean();
    for (const auto& object : stmt["objects"].items()) {
        const auto& items = as(object, "List")["items"];
        if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
            type == "OBJECT_FOREIGN_TABLE") {
            take(out, tree::relation_key_of_names(items), lock_mode::access_exclusive);
        } else if (type == "OBJECT_INDEX") {
            take(out, tree::relation_key_of_names(items),
                 concurrent ? lock_mode::share_update_exclusive : lock_mode::access_exclusive);
        } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_RULE" || type == "OBJECT_POLICY") {
            // `DROP TRIGGER name ON table`: the list is the table's name, then the object's.
            auto parts = tree::names(items);
            if (parts.size() >= 2) {
                parts.pop_back();
                take(out, parts.size() == 1 ? parts[0] : tree::relation_key(parts[parts.size() - 2], parts.back()),
                     lock_mode::access_exclusive);
            }
        }
    }
}

void reindex_locks(const json::value& stmt, std::vector<lock_use>& out) {
    const bool concurrent = tree::has_option(stmt["params"], "concurrently");
    const auto what = stmt["kind"].str();
    if (stmt["relation"].is_null()) return;  // SCHEMA, DATABASE, SYSTEM: every table in them
    const lock_mode mode = concurrent                       ? lock_mode::share_update_exclusive
                           : what == "REINDEX_OBJECT_INDEX" ? lock_mode::access_exclusive
                                                            : lock_mode::share;
    take(out, tree::relation_key(stmt["relation"]), mode);
}

void create_table_locks(const json::value& stmt, std::vector<lock_use>& out) {
    // A foreign key locks the referenced table; PARTITION OF locks the parent.
    tree::walk(stmt["tableElts"], [&](const json::value& node) {
        const auto& c = as(node, "Constraint");
        if (c["contype"].str() == "CONSTR_FOREIGN")
            take(out, tree::relation_key(c["pktable"]), lock_mode::share_row_exclusive);
    });
    if (!stmt["partbound"].is_null())
        for (const auto& parent : stmt["inhRelations"].items())
            take(out, tree::relation_key(as(parent, "RangeVar")), lock_mode::access_exclusive);
}

// A column added with a volatile default (or a serial) rewrites the table; one with a constraint other than
// NOT NULL scans it.
bool adds_column_with_work(const json::value& column) {
    if (tree::is_serial_type(column["typeName"])) return true;
    for (const auto& c : column["constraints"].items()) {
        const auto& constraint = as(c, "Constraint");
        const auto contype = constraint["contype"].str();
        if (contype == "CONSTR_NULL" || contype == "CONSTR_NOTNULL") continue;
        if (contype != "CONSTR_DEFAULT" || find_volatile_call(constraint["raw_expr"])) return true;
    }
    return false;
}

lock_mode lock_stmt_mode(long long mode) { return static_cast<lock_mode>(std::clamp<long long>(mode, 1, 8)); }

}  // namespace

std::string_view lock_name(lock_mode m) noexcept {
    switch (m) {
    case lock_mode::access_share: return "ACCESS SHARE";
    case lock_mode::row_share: return "ROW SHARE";
    case lock_mode::row_exclusive: return "ROW EXCLUSIVE";
    case lock_mode::share_update_exclusive: return "SHARE UPDATE EXCLUSIVE";
    case lock_mode::share: return "SHARE";
    case lock_mode::share_row_exclusive: return "SHARE ROW EXCLUSIVE";
    case lock_mode::exclusive: return "EXCLUSIVE";
    case lock_mode::access_exclusive: return "ACCESS EXCLUSIVE";
    }
    return "";
}

std::vector<lock_use> locks_of(const json::value& statement) {
    std::vector<lock_use> out;
    const auto type = tree::kind(statement);
    const auto& stmt = tree::body(statement);
    if (type == "AlterTableStmt") {
        alter_table_locks(stmt, out);
    } else if (type == "IndexStmt") {
        take(out, tree::relation_key(stmt["relation"]),
             stmt["concurrent"].boolean() ? lock_mode::share_update_exclusive : lock_mode::share);
    } else if (type == "DropStmt") {
        drop_locks(stmt, out);
    } else if (type == "RenameStmt" && !stmt["relation"].is_null()) {
        take(out, tree::relation_key(stmt["relation"]), lock_mode::access_exclusive);
    } else if (type == "TruncateStmt" || type == "LockStmt") {
        const lock_mode mode = type == "LockStmt" ? lock_stmt_mode(stmt["mode"].as_int()) : lock_mode::access_exclusive;
        for (const auto& rel : stmt["relations"].items()) take(out, tree::relation_key(as(rel, "RangeVar")), mode);
    } else if (type == "ReindexStmt") {
        reindex_locks(stmt, out);
    } else if (type == "VacuumStmt" && stmt["is_vacuumcmd"].boolean()) {
        const lock_mode mode =
            tree::has_option(stmt["options"], "full") ? lock_mode::access_exclusive : lock_mode::share_update_exclusive;
        for (const auto& rel : stmt["rels"].items())
            take(out, tree::relation_key(as(rel, "VacuumRelation")["relation"]), mode);
    } else if (type == "ClusterStmt") {
        take(out, tree::relation_key(stmt["relation"]), lock_mode::access_exclusive);
    } else if (type == "CreateTrigStmt") {
        take(out, tree::relation_key(stmt["relation"]), lock_mode::share_row_exclusive);
    } else if (type == "CreatePolicyStmt" || type == "AlterPolicyStmt") {
        take(out, tree::relation_key(stmt["table"]), lock_mode::access_exclusive);
    } else if (type == "RefreshMatViewStmt") {
        take(out, tree::relation_key(stmt["relation"]),
             stmt["concurrent"].boolean() ? lock_mode::exclusive : lock_mode::access_exclusive);
    } else if (type == "ViewStmt" && stmt["replace"].boolean()) {
        take(out, tree::relation_key(stmt["view"]), lock_mode::access_exclusive);
    } else if (type == "CreateStmt") {
        create_table_locks(stmt, out);
    } else if (type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt") {
        take(out, tree::relation_key(stmt["relation"]), lock_mode::row_exclusive);
    }
    return out;
}

std::vector<std::string> relations_named(const json::value& statement) {
    std::vector<std::string> out;
    tree::walk(statement, [&](const json::value& node) {
        const auto& rv = as(node, "RangeVar");
        if (rv.is_null()) return;
        std::string key = tree::relation_key(rv);
        if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
    });
    return out;
}

bool works_on_rows(const json::value& statement) {
    const auto type = tree::kind(statement);
    const auto& stmt = tree::body(statement);
    if (type == "IndexStmt" || type == "UpdateStmt" || type == "DeleteStmt" || type == "ClusterStmt" ||
        type == "ReindexStmt" || type == "RefreshMatViewStmt" || type == "CreateTableAsStmt" || type == "DoStmt")
        return true;
    if (type == "InsertStmt") return !stmt["selectStmt"]["SelectStmt"]["fromClause"].items().empty();
    if (type == "VacuumStmt") return stmt["is_vacuumcmd"].boolean() || !stmt["rels"].items().empty();
    if (type != "AlterTableStmt") return false;
    for (const auto& item : stmt["cmds"].items()) {
        const auto& cmd = as(item, "AlterTableCmd");
        const auto subtype = cmd["subtype"].str();
        const auto& constraint = as(cmd["def"], "Constraint");
        if (subtype == "AT_SetNotNull" || subtype == "AT_AlterColumnType" || subtype == "AT_ValidateConstraint" ||
            subtype == "AT_AttachPartition")
            return true;
        if (subtype == "AT_AddConstraint" && !constraint["skip_validation"].boolean() &&
            constraint["indexname"].str().empty())
            return true;
        if (subtype == "AT_AddColumn" && adds_column_with_work(as(cmd["def"], "ColumnDef"))) return true;
    }
    return false;
}

}  // namespace retort::sql
