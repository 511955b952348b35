// The model of relations and columns that earlier revisions created.
#include "sql/schema_model.hpp"

namespace retort::sql {

void schema_model::apply(const schema_change& c) {
    using kind = schema_change::kind;
    switch (c.what) {
    case kind::create_relation: {
        if (c.if_not_exists && relations_.contains(c.relation)) break;
        relation r;
        r.table = c.table;
        r.partitioned = c.partitioned;
        relations_[c.relation] = std::move(r);
        break;
    }
    case kind::drop_relation: relations_.erase(c.relation); break;
    case kind::rename_relation: {
        auto node = relations_.extract(c.relation);
        if (!node.empty()) {
            node.key() = c.new_name;
            relations_.insert(std::move(node));
        }
        break;
    }
    case kind::add_column:
    case kind::set_column_type:
        if (auto it = relations_.find(c.relation); it != relations_.end()) it->second.columns[c.name] = c.type;
        break;
    case kind::drop_column:
        if (auto it = relations_.find(c.relation); it != relations_.end()) it->second.columns.erase(c.name);
        break;
    case kind::create_function: functions_[c.relation] = c.volatile_function; break;
    case kind::drop_function: functions_.erase(c.relation); break;
    case kind::rename_column:
        if (auto it = relations_.find(c.relation); it != relations_.end()) {
            auto column = it->second.columns.extract(c.name);
            if (!column.empty()) {
                column.key() = c.new_name;
                it->second.columns.insert(std::move(column));
            }
        }
        break;
    }
}

const std::string* schema_model::column_type(const std::string& table, const std::string& column) const {
    auto it = relations_.find(table);
    if (it == relations_.end()) return nullptr;
    auto col = it->second.columns.find(column);
    return col == it->second.columns.end() ? nullptr : &col->second;
}

const std::string* schema_model::table_of_index(const std::string& index) const {
    auto it = relations_.find(index);
    return it == relations_.end() || it->second.table.empty() ? nullptr : &it->second.table;
}

std::optional<bool> schema_model::function_volatile(const std::string& name) const {
    auto it = functions_.find(name);
    return it == functions_.end() ? std::nullopt : std::optional<bool>(it->second);
}

bool schema_model::is_partitioned(const std::string& table) const {
    auto it = relations_.find(table);
    return it != relations_.end() && it->second.partitioned;
}

}  // namespace retort::sql
