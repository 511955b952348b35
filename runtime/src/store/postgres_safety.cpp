// What the server can tell after an interrupted, killed or failed run: who holds the migration lock (a
// killed run's statement may still be active), whether an interrupted concurrent index build finished,
// and the invalid index a failed one left behind.
#include <fmt/format.h>

#include "core/concurrent_index.hpp"
#include "core/sql_text.hpp"
#include "store/postgres_store.hpp"

namespace retort {

std::string postgres_store::lock_holder(std::int64_t key) {
    query_result r;
    try {
        const std::optional<std::string> params[] = {std::to_string(key)};
        r = conn_.query(lock_holder_query(), params);
    } catch (const interrupted_error&) {
        throw;
    } catch (const database_error&) {
        return {};  // only a description: the wait or its timeout is reported without it
    }
    if (r.rows.empty()) return {};
    const auto& row = r.rows.front();
    const std::string pid = row.at(0).value_or("?"), seconds = row.at(1).value_or("?");
    const std::string state = row.at(2).value_or(""), application = row.at(3).value_or("");
    const std::string statement = row.at(4).value_or("");
    if (state == "active")
        return fmt::format(
            "The lock is held by server process {} ({}), whose statement has been active for {} s: {}\n"
            "If that is a run that was killed, its statement is still running on the server and the lock is "
            "released when it ends; wait for it, or cancel it with SELECT pg_cancel_backend({}).",
            pid, application.empty() ? "no application_name" : application, seconds, statement, pid);
    return fmt::format(
        "The lock is held by server process {} ({}), {} for {} s since its last statement: {}\n"
        "End that session with SELECT pg_terminate_backend({}) if nothing should be migrating.",
        pid, application.empty() ? "no application_name" : application, state.empty() ? "in an unknown state" : state,
        seconds, statement, pid);
}

index_fact postgres_store::concurrent_index_state(const statement& st) {
    const auto name = concurrently_built_index(st.sql);
    if (!name) return index_fact::not_an_index;
    const std::optional<std::string> params[] = {*name};
    const auto r = conn_.query(index_validity_query(), params);
    if (r.rows.empty()) return index_fact::absent;
    return r.rows.front().at(0).value_or("f") == "t" ? index_fact::valid : index_fact::invalid;
}

// An earlier concurrent index build that failed left an invalid index with the statement's index name;
// building it again would fail with "already exists" (or, with IF NOT EXISTS, keep the invalid one).
void postgres_store::drop_invalid_index(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    if (!name || !is_invalid_index(*name)) return;
    conn_.execute(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}", *name));
    if (options_.on_warning)
        options_.on_warning(
            fmt::format("dropped the invalid index {} that the failed build left behind; building it "
                        "again",
                        *name));
}

bool postgres_store::is_invalid_index(const std::string& name) {
    auto r = conn_.query(
        fmt::format("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass({})", quote_literal(name)));
    return !r.rows.empty() && r.rows.front().at(0).value_or("f") == "t";
}

std::string postgres_store::invalid_index_advice(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    try {
        if (!name || !is_invalid_index(*name)) return {};
    } catch (const database_error&) {
        // Advice on top of the failure being reported; a session too broken to answer must not
        // replace that failure with its own.
        return {};
    }
    return fmt::format(
        "PostgreSQL left the invalid index {} behind (a failed concurrent build cannot be rolled "
        "back); 'upgrade --resume' drops it and builds it again.",
        *name);
}

}  // namespace retort
