// The generated history of the fault tests and the consistency check of a database migrated with it.
#include "fault_history.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t segment = 40;  // a branch opens at 10 and merges at 30 of every 40 revisions
constexpr std::size_t branch_opens = 10;
constexpr std::size_t branch_merges = 30;

// Parents of every revision: a line, with a side branch inside each segment when `branchy`.
std::vector<std::vector<std::size_t>> shape(std::size_t count, bool branchy) {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::vector<std::size_t>> parents(count);
    std::size_t main = 0;
    std::size_t side = none;
    for (std::size_t i = 1; i < count; ++i) {
        const std::size_t at = i % segment;
        const bool last = i + 1 == count;
        if (side != none && (at == branch_merges || last)) {
            parents[i] = {main, side};
            main = i;
            side = none;
        } else if (branchy && at == branch_opens && !last) {
            parents[i] = {main};
            side = i;
        } else if (side != none && at % 2 == 1) {
            parents[i] = {side};
            side = i;
        } else {
            parents[i] = {main};
            main = i;
        }
    }
    return parents;
}

std::string upgrade_sql(const std::string& id, const std::string* parent, const fault_history_options& o) {
    const bool idem = o.idempotent;
    std::string sql = fmt::format("CREATE TABLE {}fault_t_{} (id int PRIMARY KEY, note text NOT NULL);\n",
                                  idem ? "IF NOT EXISTS " : "", id);
    sql += fmt::format("INSERT INTO fault_t_{} VALUES (1, 'a semicolon; inside'){};\n", id,
                       idem ? " ON CONFLICT DO NOTHING" : "");
    if (parent) {
        sql += fmt::format("ALTER TABLE {}fault_t_{} ADD COLUMN {}c_{} int;\n", idem ? "IF EXISTS " : "", *parent,
                           idem ? "IF NOT EXISTS " : "", id);
    }
    if (o.sleep_seconds > 0) sql += fmt::format("SELECT pg_sleep({});\n", o.sleep_seconds);
    sql += fmt::format("INSERT INTO fault_events (revision, operation) VALUES ('{}', 'upgrade');\n", id);
    return sql;
}

std::string downgrade_sql(const std::string& id, const std::string* parent, const fault_history_options& o) {
    const bool idem = o.idempotent;
    std::string sql;
    if (parent) {
        sql += fmt::format("ALTER TABLE {}fault_t_{} DROP COLUMN {}c_{};\n", idem ? "IF EXISTS " : "", *parent,
                           idem ? "IF EXISTS " : "", id);
    }
    sql += fmt::format("DROP TABLE {}fault_t_{};\n", idem ? "IF EXISTS " : "", id);
    if (o.sleep_seconds > 0) sql += fmt::format("SELECT pg_sleep({});\n", o.sleep_seconds);
    sql += fmt::format("INSERT INTO fault_events (revision, operation) VALUES ('{}', 'downgrade');\n", id);
    return sql;
}

std::vector<std::string> column(connection& conn, const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : conn.query(sql).rows) out.push_back(row.at(0).value_or(""));
    return out;
}

std::string listed(const std::set<std::string>& ids) {
    std::string out;
    std::size_t n = 0;
    for (const auto& id : ids) {
        if (++n > 8) return out + fmt::format(", ... ({} in all)", ids.size());
        out += (out.empty() ? "" : ", ") + id;
    }
    return out;
}

// "what: A - B" for each side of two sets that differ.
void compare_sets(std::vector<std::string>& problems, const std::string& left_name, const std::set<std::string>& left,
                  const std::string& right_name, const std::set<std::string>& right) {
    std::set<std::string> only_left, only_right;
    for (const auto& x : left)
        if (!right.count(x)) only_left.insert(x);
    for (const auto& x : right)
        if (!left.count(x)) only_right.insert(x);
    if (!only_left.empty())
        problems.push_back(fmt::format("{} but not {}: {}", left_name, right_name, listed(only_left)));
    if (!only_right.empty())
        problems.push_back(fmt::format("{} but not {}: {}", right_name, left_name, listed(only_right)));
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(',', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

// Replays the log from an empty database; see consistency_problems().
void check_replay(std::vector<std::string>& problems, const fault_history& h, const fault_snapshot& s,
                  const std::set<std::string>& recorded) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < h.revisions().size(); ++i) index[h.revisions()[i].id] = i;
    std::vector<std::vector<std::size_t>> children(h.revisions().size());
    for (std::size_t i = 0; i < h.revisions().size(); ++i)
        for (std::size_t p : h.revisions()[i].parents) children[p].push_back(i);

    std::set<std::string> applied;
    for (const auto& entry : s.log) {
        if (entry.outcome != "success") continue;
        const std::string where = fmt::format("log row {} ({} {})", entry.id, entry.operation, entry.revision);
        if (entry.operation == "stamp") {
            applied = entry.detail == "base" ? std::set<std::string>{} : h.closure(split_commas(entry.detail));
            continue;
        }
        const auto it = index.find(entry.revision);
        if (it == index.end()) {
            problems.push_back(where + ": unknown revision");
            continue;
        }
        const auto& r = h.revisions()[it->second];
        if (entry.operation == "upgrade") {
            if (applied.count(r.id)) problems.push_back(where + ": applied a second time");
            for (std::size_t p : r.parents)
                if (!applied.count(h.revisions()[p].id)) problems.push_back(where + ": parent not applied");
            applied.insert(r.id);
        } else if (entry.operation == "downgrade") {
            if (!applied.count(r.id)) problems.push_back(where + ": reverted while not applied");
            for (std::size_t c : children[it->second])
                if (applied.count(h.revisions()[c].id)) problems.push_back(where + ": a child is still applied");
            applied.erase(r.id);
        }
    }
    compare_sets(problems, "the replayed log", applied, "the history table", recorded);
}

}  // namespace

fault_history::fault_history(const fs::path& dir, const fault_history_options& options) {
    const auto parents = shape(options.count, options.branchy);
    for (std::size_t i = 0; i < options.count; ++i) {
        revisions_.push_back({fmt::format("r{:04d}", i), parents[i]});
        index_[revisions_.back().id] = i;
    }
    for (std::size_t i = 0; i < options.count; ++i) {
        const auto& r = revisions_[i];
        const std::string* parent = r.parents.empty() ? nullptr : &revisions_[r.parents.front()].id;
        std::string revises;
        for (std::size_t p : r.parents) revises += (revises.empty() ? "" : ", ") + revisions_[p].id;
        std::ofstream out(dir / fmt::format("{:04d}_{}.sql", i, r.id));
        out << "-- fault revision " << i << "\n--\n-- Revision ID: " << r.id << "\n-- Revises: " << revises
            << "\n\n-- +upgrade\n"
            << upgrade_sql(r.id, parent, options) << "\n-- +downgrade\n"
            << downgrade_sql(r.id, parent, options);
        if (!out) throw std::runtime_error("cannot write revision files into " + dir.string());
    }
}

std::set<std::string> fault_history::ids() const {
    std::set<std::string> out;
    for (const auto& r : revisions_) out.insert(r.id);
    return out;
}

std::set<std::string> fault_history::closure(const std::vector<std::string>& rows) const {
    std::set<std::string> out;
    std::vector<std::size_t> todo;
    for (const auto& row : rows) todo.push_back(index_.at(row));
    while (!todo.empty()) {
        const std::size_t i = todo.back();
        todo.pop_back();
        if (!out.insert(revisions_[i].id).second) continue;
        for (std::size_t p : revisions_[i].parents) todo.push_back(p);
    }
    return out;
}

const char* fault_history::setup_sql() {
    return "CREATE TABLE fault_events (id bigserial PRIMARY KEY, revision text NOT NULL, operation text NOT NULL)";
}

fault_snapshot read_snapshot(connection& conn) {
    fault_snapshot s;
    s.initialized = conn.query("SELECT to_regclass('alembic_version_log') IS NOT NULL").rows.at(0).at(0) == "t";
    for (const auto& t :
         column(conn, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'fault\\_t\\_%'"))
        s.tables.insert(t.substr(8));
    for (const auto& c : column(conn,
                                "SELECT attname FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid "
                                "WHERE t.relname LIKE 'fault\\_t\\_%' AND a.attname LIKE 'c\\_%' "
                                "AND NOT a.attisdropped"))
        s.columns.insert(c.substr(2));
    for (const auto& row : conn.query("SELECT revision, operation FROM fault_events ORDER BY id").rows)
        s.events.emplace_back(*row.at(0), *row.at(1));
    if (!s.initialized) return s;
    s.rows = column(conn, "SELECT version_num FROM alembic_version ORDER BY 1");
    for (const auto& row : conn.query("SELECT revision, status FROM alembic_version_history").rows)
        s.status[*row.at(0)] = *row.at(1);
    for (const auto& row : conn.query("SELECT id, operation, coalesce(revision, ''), outcome, coalesce(detail, '') "
                                      "FROM alembic_version_log ORDER BY id")
                               .rows)
        s.log.push_back({*row.at(0), *row.at(1), *row.at(2), *row.at(3), *row.at(4)});
    return s;
}

std::vector<std::string> consistency_problems(const fault_history& h, const fault_snapshot& s, effects e) {
    std::vector<std::string> problems;
    std::set<std::string> recorded;
    for (const auto& [revision, status] : s.status) {
        if (status != "applied" && status != "stamped")
            problems.push_back(fmt::format("revision {} is recorded as {}", revision, status));
        recorded.insert(revision);
    }
    compare_sets(problems, "implied by the version rows", h.closure(s.rows), "recorded in the history", recorded);
    if (e == effects::follow_records) {
        compare_sets(problems, "recorded", recorded, "holding its table", s.tables);
        std::set<std::string> with_column;
        for (const auto& r : h.revisions())
            if (recorded.count(r.id) && !r.parents.empty()) with_column.insert(r.id);
        compare_sets(problems, "recorded (not a base)", with_column, "holding its column", s.columns);
    }
    std::vector<std::pair<std::string, std::string>> logged;
    for (const auto& entry : s.log)
        if (entry.outcome == "success" && entry.operation != "stamp")
            logged.emplace_back(entry.revision, entry.operation);
    if (logged != s.events)
        problems.push_back(fmt::format("fault_events holds {} steps and the log {} successful steps; they differ",
                                       s.events.size(), logged.size()));
    check_replay(problems, h, s, recorded);
    return problems;
}

void wait_for_retort_sessions_to_end(connection& conn, const std::string& database) {
    const std::optional<std::string> name = database;
    const auto sessions = [&] {
        return conn.query(
            "SELECT pid, state, wait_event_type, wait_event, left(query, 80) FROM pg_stat_activity "
            "WHERE datname = $1 AND application_name = 'retort' AND pid <> pg_backend_pid()",
            std::span(&name, 1));
    };
    for (int i = 0; i < 3000; ++i) {
        if (sessions().rows.empty()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::string left;
    for (const auto& row : sessions().rows) {
        left += "\n  pid";
        for (const auto& field : row) left += " | " + field.value_or("");
    }
    throw std::runtime_error("retort sessions on " + database + " did not end within 30 s:" + left);
}

}  // namespace retort::testing
