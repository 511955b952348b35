// retort::connection over libpq: connecting, statements, non-blocking pipelines, quoting, errors.
#include "retort/driver.hpp"

#include "db/connect.hpp"
#include "db/session_wait.hpp"
#include "db/conninfo.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace retort {
namespace {

struct pgconn_deleter {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct pgresult_deleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using conn_ptr = std::unique_ptr<PGconn, pgconn_deleter>;
using result_ptr = std::unique_ptr<PGresult, pgresult_deleter>;

std::string text_of(const char* s) { return s != nullptr ? std::string{s} : std::string{}; }

// libpq messages end in a newline (and sometimes carry a tab-indented second line); keep the lines.
std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.pop_back();
    }
    return s;
}

std::string scrub_session(std::string text, PGconn* conn) {
    std::vector<std::string> secrets;
    if (const char* pass = PQpass(conn); pass != nullptr) {
        secrets.emplace_back(pass);
    }
    return scrub(std::move(text), secrets);
}

std::string or_unknown(const char* s) { return s != nullptr && *s != '\0' ? std::string{s} : "?"; }

// For a unix socket PQhost is the socket directory, which is what a reader needs to find the server.
std::string describe_session(PGconn* conn) {
    return fmt::format("{}@{}:{}/{}", or_unknown(PQuser(conn)), or_unknown(PQhost(conn)), or_unknown(PQport(conn)),
                       or_unknown(PQdb(conn)));
}

std::string field(const PGresult* r, int code) { return text_of(PQresultErrorField(r, code)); }

int position_of(const PGresult* r) {
    const std::string text = field(r, PG_DIAG_STATEMENT_POSITION);
    int position = 0;
    std::from_chars(text.data(), text.data() + text.size(), position);
    return position;
}

database_error::details details_of(PGconn* conn, const PGresult* r) {
    database_error::details d;
    if (r != nullptr) {
        d.sqlstate = field(r, PG_DIAG_SQLSTATE);
        d.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
        d.detail = scrub_session(field(r, PG_DIAG_MESSAGE_DETAIL), conn);
        d.hint = scrub_session(field(r, PG_DIAG_MESSAGE_HINT), conn);
        d.context = scrub_session(field(r, PG_DIAG_CONTEXT), conn);
        d.position = position_of(r);
    }
    // libpq's own failures carry no fields. When the server went away, the session's message is the
    // fuller one: it keeps the server's last FATAL ("terminating connection due to administrator command").
    const bool lost = PQstatus(conn) != CONNECTION_OK;
    if (d.message.empty() && (lost || r == nullptr)) {
        d.message = trim(text_of(PQerrorMessage(conn)));
    }
    if (d.message.empty() && r != nullptr) {
        d.message = trim(text_of(PQresultErrorMessage(r)));
    }
    d.message = scrub_session(std::move(d.message), conn);
    return d;
}

[[noreturn]] void throw_lost(PGconn* conn, database_error::details d) {
    if (d.sqlstate.empty()) {
        d.sqlstate = "08006";
    }
    std::string what = fmt::format("lost the connection to {}: {}", describe_session(conn), describe_server_error(d));
    throw connection_error(std::move(what), std::move(d));
}

// A failed result, or a missing one (libpq returns none when it ran out of memory or lost the server).
[[noreturn]] void throw_failure(PGconn* conn, const PGresult* r) {
    auto d = details_of(conn, r);
    if (PQstatus(conn) != CONNECTION_OK) {
        throw_lost(conn, std::move(d));
    }
    std::string what = describe_server_error(d);
    throw database_error(std::move(what), std::move(d));
}

[[noreturn]] void throw_libpq_failure(PGconn* conn) { throw_failure(conn, nullptr); }

[[noreturn]] void throw_usage(PGconn* conn, std::string message) {
    database_error::details d;
    d.message = std::move(message);
    std::string what = fmt::format("{} ({})", d.message, describe_session(conn));
    throw database_error(std::move(what), std::move(d));
}

bool succeeded(ExecStatusType status) {
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY ||
           status == PGRES_SINGLE_TUPLE;
}

// A COPY from or to the client would leave the session waiting for data nobody sends; end it so the
// connection stays usable, then report it.
[[noreturn]] void abandon_copy(PGconn* conn, ExecStatusType status) {
    if (status == PGRES_COPY_IN) {
        PQputCopyEnd(conn, "COPY FROM STDIN is not supported by retort");
    } else if (status == PGRES_COPY_OUT) {
        char* row = nullptr;
        while (PQgetCopyData(conn, &row, 0) > 0) {
            PQfreemem(row);
        }
    }
    while (result_ptr rest{PQgetResult(conn)}) {
    }
    throw_usage(conn, "COPY to or from the client is not supported by retort; use server-side files or INSERT");
}

void check(PGconn* conn, const PGresult* r) {
    if (r == nullptr) {
        throw_libpq_failure(conn);
    }
    const auto status = PQresultStatus(r);
    if (succeeded(status)) {
        return;
    }
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
        abandon_copy(conn, status);
    }
    throw_failure(conn, r);
}

// Forwards WARNINGs to stderr; anything milder is noise during a migration. Filtering here rather than
// with `SET client_min_messages` saves a round trip on every start: a command on an up-to-date database
// sends one query. The receiver (unlike a notice processor) sees the unlocalized severity, so the
// filter works whatever lc_messages is.
void forward_notice(void* /*unused*/, const PGresult* r) {
    const std::string severity = field(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (severity != "WARNING" && severity != "ERROR" && severity != "FATAL" && severity != "PANIC") {
        return;
    }
    std::fprintf(stderr, "retort: server: %s", PQresultErrorMessage(r));
}

[[noreturn]] void throw_connect_failure(PGconn* conn, const std::string& conninfo) {
    auto secrets = passwords_in(conninfo);
    if (conn != nullptr && PQpass(conn) != nullptr) {
        secrets.emplace_back(PQpass(conn));
    }
    database_error::details d;
    d.sqlstate = "08001";
    d.message = scrub(conn != nullptr ? trim(text_of(PQerrorMessage(conn))) : "out of memory", secrets);
    const std::string where =
        conn != nullptr ? fmt::format("host={} port={} dbname={} user={}", or_unknown(PQhost(conn)),
                                      or_unknown(PQport(conn)), or_unknown(PQdb(conn)), or_unknown(PQuser(conn)))
                        : std::string{"?"};
    std::string what = fmt::format("cannot connect to PostgreSQL ({}): {}", scrub(where, secrets), d.message);
    throw connection_error(std::move(what), std::move(d));
}

// Non-blocking pipeline mode for the duration of one run_pipeline call; the destructor restores the
// blocking, non-pipelined session even when the run throws.
class pipeline_mode {
public:
    explicit pipeline_mode(PGconn* conn) : conn_(conn) {
        if (PQsetnonblocking(conn_, 1) != 0) {
            throw_libpq_failure(conn_);
        }
        if (PQenterPipelineMode(conn_) != 1) {
            PQsetnonblocking(conn_, 0);
            throw_libpq_failure(conn_);
        }
    }
    pipeline_mode(const pipeline_mode&) = delete;
    pipeline_mode& operator=(const pipeline_mode&) = delete;

    ~pipeline_mode() {
        if (active_) {
            PQexitPipelineMode(conn_);
            PQsetnonblocking(conn_, 0);
        }
    }

    void leave() {
        active_ = false;
        const bool left = PQexitPipelineMode(conn_) == 1;
        const bool blocking = PQsetnonblocking(conn_, 0) == 0;
        if (!left || !blocking) {
            throw_libpq_failure(conn_);
        }
    }

private:
    PGconn* conn_;
    bool active_ = true;
};

// One pipeline through a non-blocking socket: send while the socket takes data, and whenever it would
// otherwise wait, read the results that arrived. Neither side can then fill its buffers and stall
// writing to the other, however many statements or bytes there are.
class pipeline_run {
public:
    pipeline_run(PGconn* conn, detail::wait_state& state, std::span<const pipeline_statement> statements)
        : conn_(conn), wait_(conn, state), statements_(statements) {}

    void run() {
        pipeline_mode mode{conn_};
        try {
            exchange();
        } catch (const interrupted_error&) {
            throw;
        } catch (const connection_error&) {
            // A statement's error that arrived before the connection closed (57P01 from
            // pg_terminate_backend) says why; what fails afterwards only says that it closed.
            // Reported like any lost session (class 08), with the server's words.
            if (failure_) {
                auto d = failure_->second;
                d.sqlstate = "08006";
                throw_lost(conn_, std::move(d));
            }
            throw;
        }
        mode.leave();
        wait_.finish(failure_.has_value());
        if (failure_) {
            throw_statement_failure();
        }
    }

private:
    void exchange() {
        while (!sync_seen_) {
            send_some();
            if (PQconsumeInput(conn_) != 1) {
                throw_libpq_failure(conn_);
            }
            read_ready();
            if (!sync_seen_) {
                wait_for_socket();
            }
        }
    }

    void send_some() {
        if (flush_pending_) {
            flush();
        }
        // After a failure the server skips everything up to the sync; sending the rest is wasted work.
        while (!flush_pending_ && sent_ < statements_.size() && !failure_) {
            send(statements_[sent_]);
            ++sent_;
            flush();
        }
        if (!sync_sent_ && (sent_ == statements_.size() || failure_)) {
            if (PQpipelineSync(conn_) != 1) {
                throw_libpq_failure(conn_);
            }
            sync_sent_ = true;
            flush();
        }
    }

    void send(const pipeline_statement& s) {
        const std::string sql{s.sql};
        std::vector<const char*> values;
        values.reserve(s.params.size());
        for (const auto& p : s.params) {
            values.push_back(p ? p->c_str() : nullptr);
        }
        if (PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                              nullptr, 0) != 1) {
            throw_libpq_failure(conn_);
        }
    }

    void flush() {
        const int rc = PQflush(conn_);
        if (rc < 0) {
            throw_libpq_failure(conn_);
        }
        flush_pending_ = rc == 1;
    }

    void wait_for_socket() {
        if (PQsocket(conn_) < 0) {
            throw_libpq_failure(conn_);
        }
        wait_.wait(flush_pending_);
    }

    // Results only of what was sent: once reading catches up, PQgetResult would answer "nothing more"
    // for a statement not sent yet, which must not be taken as that statement's end.
    bool expecting_result() const { return read_ < sent_ || (sync_sent_ && read_ == sent_); }

    void read_ready() {
        while (!sync_seen_ && expecting_result() && PQisBusy(conn_) == 0) {
            result_ptr r{PQgetResult(conn_)};
            if (read_ < sent_) {
                if (r == nullptr) {
                    ++read_;
                } else {
                    on_statement_result(r.get());
                }
            } else {
                on_sync_result(r.get());
            }
        }
    }

    void on_statement_result(const PGresult* r) {
        const auto status = PQresultStatus(r);
        if (succeeded(status) || status == PGRES_PIPELINE_ABORTED) {
            return;
        }
        if (PQstatus(conn_) != CONNECTION_OK) {
            throw_lost(conn_, details_of(conn_, r));
        }
        if (!failure_) {
            failure_.emplace(read_, details_of(conn_, r));
        }
    }

    void on_sync_result(const PGresult* r) {
        if (r != nullptr && PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            sync_seen_ = true;
            return;
        }
        if (r == nullptr || PQstatus(conn_) != CONNECTION_OK) {
            database_error::details d = details_of(conn_, r);
            if (r == nullptr) {
                d.sqlstate = "08P01";
                d.message = "the pipeline ended without its sync result";
            }
            throw_lost(conn_, std::move(d));
        }
    }

    [[noreturn]] void throw_statement_failure() {
        auto& [index, d] = *failure_;
        std::string what = fmt::format("statement {} of {} in the pipeline failed: {}", index + 1, statements_.size(),
                                       describe_server_error(d));
        throw pipeline_error(std::move(what), std::move(d), index);
    }

    PGconn* conn_;
    detail::request_wait wait_;
    std::span<const pipeline_statement> statements_;
    std::size_t sent_ = 0;
    std::size_t read_ = 0;  // statements whose results were read to the end
    bool sync_sent_ = false;
    bool sync_seen_ = false;
    bool flush_pending_ = false;
    std::optional<std::pair<std::size_t, database_error::details>> failure_;
};

// A batch as one simple-protocol Query message ("s1\n;\ns2\n;\n..." or a text the caller laid out): one
// round trip like a pipeline, but the server runs each statement without the extended protocol's
// per-statement prepared statement, portal and row description (about a fifth of the server's own work in
// an upgrade of small revisions). The statements run in the same implicit transaction a pipeline's sync
// would close, and each successful one answers with one result, so results count which statement failed.
class simple_batch_run {
public:
    simple_batch_run(PGconn* conn, detail::wait_state& state, const query_batch& batch)
        : conn_(conn), state_(state), batch_(batch) {}

    // False when the server rejected the text before running any of it (a syntax error past the first
    // statement): the caller then runs the statements in a way that runs those before the bad one.
    bool run() {
        if (PQsendQuery(conn_, batch_.text.c_str()) != 1) {
            throw_libpq_failure(conn_);
        }
        std::size_t done = 0;
        std::optional<database_error::details> failure;
        detail::request_wait wait{conn_, state_};
        for (;;) {
            if (!wait.until_result()) {
                break;  // lost: reported below from PQerrorMessage
            }
            const result_ptr r{PQgetResult(conn_)};
            if (!r) {
                break;
            }
            const auto status = PQresultStatus(r.get());
            if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
                abandon_copy(conn_, status);
            }
            if (succeeded(status)) {
                ++done;
            } else if (PQstatus(conn_) != CONNECTION_OK) {
                throw_lost(conn_, details_of(conn_, r.get()));
            } else if (!failure) {
                failure = details_of(conn_, r.get());
            }
        }
        if (PQstatus(conn_) != CONNECTION_OK) {
            throw_lost(conn_, details_of(conn_, nullptr));
        }
        wait.finish(failure.has_value());
        if (!failure && done != batch_.starts.size()) {
            throw_unanswered(done);
        }
        if (!failure) {
            return true;
        }
        // The server's position counts characters of the whole text; make it the statement's own.
        if (failure->position > 0) {
            const std::size_t byte = byte_of(static_cast<std::size_t>(failure->position - 1));
            const auto after = std::upper_bound(batch_.starts.begin(), batch_.starts.end(), byte);
            const std::size_t at = static_cast<std::size_t>(after - batch_.starts.begin()) - 1;
            if (at > done) {
                return false;
            }
            failure->position -=
                static_cast<int>(utf8_length(std::string_view(batch_.text).substr(0, batch_.starts[at])));
        }
        std::string what = fmt::format("statement {} of {} in the pipeline failed: {}", done + 1, batch_.starts.size(),
                                       describe_server_error(*failure));
        throw pipeline_error(std::move(what), std::move(*failure), done);
    }

private:
    // Every statement sent answers with one result; fewer means the server did not run what retort
    // meant to send, and success must not be reported for it.
    [[noreturn]] void throw_unanswered(std::size_t done) {
        const std::size_t count = batch_.starts.size();
        database_error::details d;
        d.sqlstate = "XX000";
        d.message = fmt::format("the server answered {} of the {} statements sent; statement {} and those after it "
                                "did not run as written",
                                done, count, done + 1);
        std::string what =
            fmt::format("statement {} of {} in the pipeline failed: {}", done + 1, count, describe_server_error(d));
        throw pipeline_error(std::move(what), std::move(d), done);
    }

    static std::size_t utf8_length(std::string_view sql) {
        return static_cast<std::size_t>(std::count_if(sql.begin(), sql.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }

    // The byte offset of the 0-based character `character` of the text.
    std::size_t byte_of(std::size_t character) const {
        std::size_t seen = 0;
        for (std::size_t i = 0; i < batch_.text.size(); ++i) {
            if ((static_cast<unsigned char>(batch_.text[i]) & 0xC0) != 0x80 && seen++ == character) {
                return i;
            }
        }
        return batch_.text.size();
    }

    PGconn* conn_;
    detail::wait_state& state_;
    const query_batch& batch_;
};

// Each statement ends on a line of its own, so a trailing `--` comment cannot swallow the `;`.
query_batch joined(std::span<const pipeline_statement> statements) {
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

// libpq takes statements and parameters as C strings: a NUL byte would silently cut what the server
// runs. Refused before anything is sent.
void refuse_nul(PGconn* conn, std::string_view sql, std::span<const std::optional<std::string>> params = {}) {
    const bool in_params = std::any_of(params.begin(), params.end(), [](const auto& p) {
        return p && p->find('\0') != std::string::npos;
    });
    if (sql.find('\0') != std::string_view::npos || in_params) {
        throw_usage(conn, "a statement or parameter holds a NUL byte, which would cut the text sent to the server; "
                          "nothing was sent");
    }
}

// The protocol's limit; checked before sending so a pipeline never fails half-sent for it.
int param_count(PGconn* conn, std::size_t count) {
    constexpr std::size_t max_params = 65535;
    if (count > max_params) {
        throw_usage(conn,
                    fmt::format("a statement has {} parameters; PostgreSQL accepts at most {}", count, max_params));
    }
    return static_cast<int>(count);
}

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
        const query_batch batch = joined(statements);
        if (simple_batch_run{conn, impl_->wait, batch}.run()) {
            return;
        }
    }
    pipeline_run{conn, impl_->wait, statements}.run();
}

bool connection::run_batch(const query_batch& batch) {
    PGconn* conn = live(impl_);
    detail::request_wait::check_usable(impl_->wait);
    if (batch.starts.empty()) {
        return true;
    }
    refuse_nul(conn, batch.text);
    return simple_batch_run{conn, impl_->wait, batch}.run();
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

}  // namespace retort
