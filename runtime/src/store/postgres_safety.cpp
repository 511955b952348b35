// What the server can tell after an interrupted or killed run: who holds the migration lock (a killed
// run's statement may still be active), and whether an interrupted concurrent index build finished.
#include <fmt/format.h>

#include "core/concurrent_index.hpp"
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

}  // namespace retort
