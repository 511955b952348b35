// The history store on PostgreSQL, its reading side: the state is one query, the history one per kind
// of record asked for. A database without retort's tables reads as empty (or as its Alembic rows).
#include <algorithm>
#include <optional>

#include "store/postgres_store.hpp"

#include "store/bookkeeping_errors.hpp"
#include "store/bookkeeping_schema.hpp"

namespace retort {

namespace {

bool is_missing_table(const database_error& e) { return e.sqlstate() == "42P01" || e.sqlstate() == "3F000"; }

std::string text_of(const std::optional<std::string>& v) { return v.value_or(""); }

std::uint32_t to_u32(const std::optional<std::string>& v) { return static_cast<std::uint32_t>(std::stoul(text_of(v))); }

// One row of the state query (bookkeeping::state_query() says which kinds there are).
void read_state_row(const std::vector<std::optional<std::string>>& row, database_state& s) {
    const std::string kind = text_of(row.at(0));
    if (kind == "row")
        s.rows.push_back(text_of(row.at(1)));
    else if (kind == "unfinished")
        s.unfinished.push_back(
            {text_of(row.at(1)), text_of(row.at(2)) == "failed", to_u32(row.at(3)), to_u32(row.at(4))});
    else if (kind == "fingerprint")
        s.history_fingerprint = text_of(row.at(1));
}

}  // namespace

// Before the schema is placed, the state query names the tables as the search_path finds them and reads
// where they are in the same round trip: an up-to-date database costs one statement.
database_state postgres_store::read_state() {
    const bool placing = !placed_ && books_.schema().empty();
    query_result r;
    try {
        r = conn_.query(placing ? books_.state_query(placement_row(books_)) : placed().state_query());
    } catch (const database_error& e) {
        if (is_missing_table(e)) return read_version_rows_only();
        explain_bookkeeping_failure(conn_, placed(), e, bookkeeping_action::read);
        throw;
    }
    database_state s;
    s.initialized = true;
    for (const auto& row : r.rows) {
        if (text_of(row.at(0)) != "placement") continue;
        books_.place_in(decide_placement(row));
        placed_ = true;
    }
    for (const auto& row : r.rows) read_state_row(row, s);
    std::sort(s.rows.begin(), s.rows.end());
    std::sort(s.unfinished.begin(), s.unfinished.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return s;
}

// A database Alembic manages has its version table and none of retort's others: its rows are the
// state (what `upgrade` sees after creating the others), so read-only commands agree with it.
database_state postgres_store::read_version_rows_only() {
    query_result r;
    try {
        r = conn_.query(placed().version_rows_query());
    } catch (const database_error& e) {
        if (is_missing_table(e)) return {};
        throw;
    }
    database_state s;
    s.initialized = true;
    for (const auto& row : r.rows) s.rows.push_back(text_of(row.at(0)));
    std::sort(s.rows.begin(), s.rows.end());
    return s;
}

history postgres_store::read_history(const history_request& request) {
    history h;
    auto rows_of = [&](const std::string& sql) {
        try {
            return conn_.query(sql).rows;
        } catch (const database_error& e) {
            if (is_missing_table(e)) return decltype(query_result::rows){};
            throw;
        }
    };
    if (request.records)
        for (const auto& row : rows_of(placed().history_query()))
            h.records.push_back({text_of(row.at(0)), text_of(row.at(1)), std::stoi(text_of(row.at(2))),
                                 text_of(row.at(3)), text_of(row.at(4)), text_of(row.at(5)), text_of(row.at(6))});
    if (!request.executed_sql.empty())
        for (const auto& row : rows_of(placed().executed_sql_query(request.executed_sql)))
            h.executed_sql[text_of(row.at(0))] = text_of(row.at(1));
    if (request.seeds)
        for (const auto& row : rows_of(placed().seeds_query()))
            h.seeds.push_back({text_of(row.at(0)), text_of(row.at(1)), text_of(row.at(2)) == "t"});
    return h;
}

}  // namespace retort
