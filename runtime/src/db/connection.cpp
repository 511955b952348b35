// retort::connection over libpq: connecting, statements, batches (batch_run.cpp), quoting; errors are
// made in pg_result.cpp.
#include "retort/driver.hpp"

#include "db/batch_run.hpp"
#include "db/connect.hpp"
#include "db/pg_result.hpp"
#include "db/session_wait.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <stdexcept>
#include <utility>

namespace retort {

using detail::abandon_copy;
using detail::check;
using detail::conn_ptr;
using detail::describe_session;
using detail::details_of;
using detail::forward_notice;
using detail::param_count;
using detail::refuse_nul;
using detail::result_ptr;
using detail::succeeded;
using detail::text_of;
using detail::throw_connect_failure;
using detail::throw_libpq_failure;
using detail::throw_lost;

namespace {

template <typename Free>
std::string escaped(PGconn* conn, char* quoted, Free free_fn) {
    if (quoted == nullptr) {
        throw_libpq_failure(conn);
    }
    std::string result{quoted};
    free_fn(quoted);
    return result;
}

}  // namespace

struct connection::impl {
    conn_ptr conn;
    detail::wait_state wait;

    PGconn* get() const { return conn.get(); }
};

namespace {

// Calls on a moved-from connection are a programming error; say so instead of crashing.
template <typename Impl>
PGconn* live(const std::unique_ptr<Impl>& p) {
    if (!p) {
        throw std::logic_error("retort::connection used after it was moved from");
    }
    return p->get();
}

}  // namespace

std::string describe_server_error(const database_error::details& d) {
    std::string what = d.sqlstate.empty() ? d.message : fmt::format("{}: {}", d.sqlstate, d.message);
    if (!d.detail.empty()) what += fmt::format("\nDETAIL: {}", d.detail);
    if (!d.hint.empty()) what += fmt::format("\nHINT: {}", d.hint);
    return what;
}

connection::connection(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
connection::connection(connection&&) noexcept = default;
connection& connection::operator=(connection&&) noexcept = default;
connection::~connection() = default;

connection connection::open(const connection_options& options) {
    detail::wait_state state;
    state.interrupt = options.interrupt;
    state.reply_timeout = options.reply_timeout;
    conn_ptr conn{detail::connect(options, state)};
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        throw_connect_failure(conn.get(), options.conninfo);
    }
    PQsetNoticeReceiver(conn.get(), forward_notice, nullptr);
    auto p = std::make_unique<impl>();
    p->conn = std::move(conn);
    p->wait = state;
    return connection{std::move(p)};
}

namespace {

// Every result of the request just sent, read without blocking inside libpq; the first failure (or the
// last result) is what PQexec would have returned.
result_ptr collect(PGconn* conn, detail::wait_state& state) {
    detail::request_wait wait{conn, state};
    result_ptr kept;
    for (;;) {
        if (!wait.until_result()) {
            throw_lost(conn, details_of(conn, nullptr));
        }
        result_ptr r{PQgetResult(conn)};
        if (!r) {
            break;
        }
        const auto status = PQresultStatus(r.get());
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            abandon_copy(conn, status);
        }
        if (!kept || succeeded(PQresultStatus(kept.get()))) {
            kept = std::move(r);
        }
    }
    wait.finish(!kept || !succeeded(PQresultStatus(kept.get())));
    return kept;
}

}  // namespace

void connection::execute(std::string_view sql) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    refuse_nul(conn, sql);
    const std::string text{sql};
    if (PQsendQuery(conn, text.c_str()) != 1) {
        throw_libpq_failure(conn);
    }
    const result_ptr r = collect(conn, impl_->wait);
    check(conn, r.get());
}

query_result connection::query(std::string_view sql, std::span<const std::optional<std::string>> params) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    refuse_nul(conn, sql, params);
    const std::string text{sql};
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    if (PQsendQueryParams(conn, text.c_str(), param_count(conn, values.size()), nullptr, values.data(), nullptr,
                          nullptr, 0) != 1) {
        throw_libpq_failure(conn);
    }
    const result_ptr r = collect(conn, impl_->wait);
    check(conn, r.get());

    query_result out;
    const int columns = PQnfields(r.get());
    const int rows = PQntuples(r.get());
    for (int c = 0; c < columns; ++c) {
        out.columns.emplace_back(PQfname(r.get(), c));
    }
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        auto& cells = out.rows.emplace_back();
        cells.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(r.get(), row, c) != 0) {
                cells.emplace_back(std::nullopt);
            } else {
                cells.emplace_back(
                    std::string{PQgetvalue(r.get(), row, c), static_cast<std::size_t>(PQgetlength(r.get(), row, c))});
            }
        }
    }
    return out;
}

void connection::run_pipeline(std::span<const pipeline_statement> statements) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    if (statements.empty()) {
        return;
    }
    // Parameters need the extended protocol; a blank statement would answer with no result in a Query
    // message and shift the count that names a failed statement.
    bool simple = true;
    for (const auto& s : statements) {
        param_count(conn, s.params.size());
        refuse_nul(conn, s.sql, s.params);
        simple = simple && s.params.empty() && s.sql.find_first_not_of(" \t\r\n") != std::string_view::npos;
    }
    if (simple) {
        const query_batch batch = join_statements(statements);
        if (detail::run_as_query(conn, impl_->wait, batch)) {
            return;
        }
    }
    detail::run_as_pipeline(conn, impl_->wait, statements);
}

void connection::query_each(std::span<const std::string_view> statements,
                            const std::function<void(std::size_t, result_rows)>& each) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    std::vector<pipeline_statement> pipeline;
    pipeline.reserve(statements.size());
    for (auto sql : statements) {
        refuse_nul(conn, sql);
        pipeline.push_back({sql, {}});
    }
    const detail::result_sink sink = [&](std::size_t index, result_ptr r) { each(index, result_rows{r.release()}); };
    detail::run_as_pipeline(conn, impl_->wait, pipeline, &sink);
}

bool connection::run_batch(const query_batch& batch, batch_answers* answers) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    if (batch.starts.empty()) {
        return true;
    }
    refuse_nul(conn, batch.text);
    return detail::run_as_query(conn, impl_->wait, batch, answers);
}

void connection::execute_cleanup(std::string_view sql) {
    live(impl_);
    const detail::cleanup_scope cleaning{impl_->wait};
    execute(sql);
}

bool connection::try_advisory_lock(std::int64_t key) {
    const std::optional<std::string> params[] = {std::to_string(key)};
    const auto r = query("SELECT pg_try_advisory_lock($1::bigint)", params);
    return !r.rows.empty() && r.rows.front().front() == "t";
}

void connection::advisory_unlock(std::int64_t key) {
    // pg_advisory_unlock warns when the lock is not held; ask pg_locks first so "not held" stays silent.
    // A bigint key appears in pg_locks split into classid (high half) and objid (low half), objsubid 1.
    const std::optional<std::string> params[] = {std::to_string(key)};
    live(impl_);
    const detail::cleanup_scope cleaning{impl_->wait};  // an unlock runs even while an interrupt is pending
    query(
        "SELECT pg_advisory_unlock($1::bigint) FROM pg_locks "
        "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 "
        "AND ((classid::bigint << 32) | objid::bigint) = $1::bigint LIMIT 1",
        params);
}

std::string connection::quote_identifier(std::string_view name) const {
    PGconn* conn = live(impl_);
    return escaped(conn, PQescapeIdentifier(conn, name.data(), name.size()), PQfreemem);
}

std::string connection::quote_literal(std::string_view value) const {
    PGconn* conn = live(impl_);
    return escaped(conn, PQescapeLiteral(conn, value.data(), value.size()), PQfreemem);
}

std::string connection::user() const { return text_of(PQuser(live(impl_))); }

int connection::server_version() const { return PQserverVersion(live(impl_)); }

std::string connection::describe() const { return describe_session(live(impl_)); }

int connection::backend_pid() const { return PQbackendPID(live(impl_)); }

std::chrono::milliseconds connection::set_reply_timeout(std::chrono::milliseconds timeout) {
    live(impl_);
    return std::exchange(impl_->wait.reply_timeout, timeout);
}

void connection::pause(std::chrono::milliseconds duration) {
    live(impl_);
    detail::pause(impl_->wait, duration);
}

// Each statement ends on a line of its own, so a trailing `--` comment cannot swallow the `;`.
query_batch join_statements(std::span<const pipeline_statement> statements) {
    query_batch b;
    std::size_t size = 0;
    for (const auto& s : statements) {
        size += s.sql.size() + 3;
    }
    b.text.reserve(size);
    b.starts.reserve(statements.size());
    for (const auto& s : statements) {
        b.starts.push_back(b.text.size());
        b.text.append(s.sql).append("\n;\n");
    }
    return b;
}

}  // namespace retort
