// The catalog queries in one snapshot, their results handed out as they arrive (catalog_fetch.hpp).
#include "schema/catalog_fetch.hpp"

#include <chrono>

#include "schema/queries.hpp"

namespace retort::schema {

namespace {

// An empty search_path makes the server qualify every name it prints; fixed output settings make
// defaults such as timestamps print the same whatever the session set before (as pg_dump does). No
// parallel workers: the reader already runs two sessions, and the workers that scanned pg_attribute for
// the unmodelled query cost the server more CPU than the one process they relieved (about 70 -> 61 ms
// at 5,000 tables, with two fewer processes busy).
constexpr std::string_view session_settings =
    "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; "
    "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3; "
    "SET LOCAL max_parallel_workers_per_gather = 0";

void rollback(connection& conn) noexcept {
    try {
        conn.execute("ROLLBACK");
    } catch (const error&) {  // the session is gone; the first error says why
    }
}

// One session's queries as one pipeline, then its COMMIT. On a failure the queries without a result
// receive it, so that the reader waiting for one learns why.
template <class Arrived>
void run_session(connection& conn, const std::vector<std::string_view>& sqls,
                 const std::vector<std::promise<result_rows>*>& out, Arrived arrived) {
    std::size_t delivered = 0;
    try {
        conn.query_each(sqls, [&](std::size_t i, result_rows rows) {
            out[i]->set_value(std::move(rows));
            delivered = i + 1;
            arrived();
        });
        conn.execute("COMMIT");
    } catch (...) {
        rollback(conn);
        for (std::size_t i = delivered; i < out.size(); ++i) out[i]->set_exception(std::current_exception());
        arrived();
        throw;
    }
}

}  // namespace

void catalog_fetch::start(connection& conn, const std::vector<std::string_view>& sqls, std::future<void>& done) {
    std::vector<std::promise<result_rows>*> out;
    for (auto sql : sqls) {
        auto& p = promises_[sql.data()];
        futures_.emplace(sql.data(), p.get_future());
        out.push_back(&p);
    }
    done = std::async(std::launch::async,
                      [this, &conn, sqls, out] { run_session(conn, sqls, out, [this] { arrived(); }); });
}

// Taking the lock before notifying: a reader that found nothing ready is then either still before its
// check (and sees the result) or already waiting (and is woken).
void catalog_fetch::arrived() {
    { const std::lock_guard<std::mutex> lock(mutex_); }
    arrival_.notify_all();
}

std::size_t catalog_fetch::next_ready(std::span<const std::string_view> among) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        for (std::size_t i = 0; i < among.size(); ++i) {
            if (futures_.at(among[i].data()).wait_for(std::chrono::seconds(0)) == std::future_status::ready) return i;
        }
        arrival_.wait(lock);
    }
}

// The queries of each session in the order the reader asks for them, so that the first results arrive
// while it works on them. The split keeps the two sessions about equally busy at 5,000 tables (by the
// server's own times on a quiet machine, the first about 195 ms: sequences 37, relations 37, columns 80,
// dependencies 25, comments 10; the second about 205 ms: constraints 85, indexes 59, unmodelled 61),
// and the reader turns the second's constraints and indexes into the model while the first still
// reads the columns.
catalog_fetch::catalog_fetch(connection& conn, connection* second, const read_options& options) {
    std::vector<std::string_view> first = {queries::schemas,     queries::extensions,    queries::enums,
                                           queries::domains,     queries::domain_checks, queries::composites,
                                           queries::sequences,   queries::relations,     queries::rules,
                                           queries::policies,    queries::columns,       queries::comments,
                                           queries::dependencies};
    std::vector<std::string_view> heavy = {queries::constraints, queries::indexes, queries::functions,
                                           queries::triggers, queries::unmodelled};
    if (options.grants) first.push_back(queries::grants);
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; " + std::string(session_settings));
    if (second == nullptr) {
        first.insert(first.end(), heavy.begin(), heavy.end());
        start(conn, first, first_);
        return;
    }
    try {
        std::string snapshot = conn.query("SELECT pg_export_snapshot()").rows.at(0).at(0).value_or("");
        second->execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " +
                        second->quote_literal(snapshot) + "; " + std::string(session_settings));
    } catch (...) {
        rollback(conn);
        throw;
    }
    start(*second, heavy, second_);
    start(conn, first, first_);
}

catalog_fetch::~catalog_fetch() {
    if (first_.valid()) first_.wait();
    if (second_.valid()) second_.wait();
}

result_rows catalog_fetch::take(std::string_view sql) { return futures_.at(sql.data()).get(); }

void catalog_fetch::finish() {
    // Both are waited for before the first failure is thrown: their threads use the connections.
    std::exception_ptr failure;
    for (auto* done : {&second_, &first_}) {
        if (!done->valid()) continue;
        try {
            done->get();
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace retort::schema
