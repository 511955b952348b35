// Batches in one round trip (batch_run.hpp): send while the socket takes data, read whenever it would
// otherwise wait.
#include "db/batch_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "db/pg_result.hpp"

namespace retort::detail {
namespace {

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
    pipeline_run(PGconn* conn, wait_state& state, std::span<const pipeline_statement> statements,
                 const result_sink* sink)
        : conn_(conn),
          wait_(conn, state),
          statements_(statements),
          sink_(sink) {}

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
            if (sink_ != nullptr && PQsendFlushRequest(conn_) != 1) {
                throw_libpq_failure(conn_);
            }
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
                    on_statement_result(std::move(r));
                }
            } else {
                on_sync_result(r.get());
            }
        }
    }

    void on_statement_result(result_ptr owned) {
        const PGresult* r = owned.get();
        const auto status = PQresultStatus(r);
        if (succeeded(status) && sink_ != nullptr && !failure_) {
            (*sink_)(read_, std::move(owned));
            return;
        }
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
    request_wait wait_;
    std::span<const pipeline_statement> statements_;
    const result_sink* sink_;
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
    simple_batch_run(PGconn* conn, wait_state& state, const query_batch& batch, batch_answers* answers)
        : conn_(conn),
          state_(state),
          batch_(batch),
          answers_(answers) {}

    // False when the server rejected the text before running any of it (a syntax error past the first
    // statement): the caller then runs the statements in a way that runs those before the bad one.
    bool run() {
        if (PQsendQuery(conn_, batch_.text.c_str()) != 1) {
            throw_libpq_failure(conn_);
        }
        std::size_t done = 0;
        std::optional<database_error::details> failure;
        request_wait wait{conn_, state_};
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
                if (answers_) keep_first_value(r.get());
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
            failure->position -=
                static_cast<int>(utf8_length(std::string_view(batch_.text).substr(0, batch_.starts[at])));
            if (at > done) {
                if (answers_) answers_->rejected.emplace(failed(at, *failure));
                return false;
            }
        }
        throw failed(done, *failure);
    }

private:
    pipeline_error failed(std::size_t index, database_error::details d) const {
        std::string what = fmt::format("statement {} of {} in the pipeline failed: {}", index + 1, batch_.starts.size(),
                                       describe_server_error(d));
        return pipeline_error(std::move(what), std::move(d), index);
    }

    void keep_first_value(const PGresult* r) {
        auto& values = answers_->first_values;
        if (PQntuples(r) > 0 && PQnfields(r) > 0) {
            values.emplace_back(PQgetvalue(r, 0, 0), static_cast<std::size_t>(PQgetlength(r, 0, 0)));
        } else {
            values.emplace_back();
        }
    }

    // Every statement sent answers with one result; fewer means the server did not run what retort
    // meant to send, and success must not be reported for it.
    [[noreturn]] void throw_unanswered(std::size_t done) {
        const std::size_t count = batch_.starts.size();
        database_error::details d;
        d.sqlstate = "XX000";
        d.message = fmt::format(
            "the server answered {} of the {} statements sent; statement {} and those after it "
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
    wait_state& state_;
    const query_batch& batch_;
    batch_answers* answers_;
};

}  // namespace

void run_as_pipeline(PGconn* conn, wait_state& state, std::span<const pipeline_statement> statements,
                     const result_sink* sink) {
    pipeline_run{conn, state, statements, sink}.run();
}

bool run_as_query(PGconn* conn, wait_state& state, const query_batch& batch, batch_answers* answers) {
    return simple_batch_run{conn, state, batch, answers}.run();
}

}  // namespace retort::detail
