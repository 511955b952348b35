// The PostgreSQL driver: the only code in retort that talks to libpq. It makes no decisions (no
// ordering, no drift checks, no bookkeeping rules); the migrator does. Every method has a one-sentence
// contract; every failure is a database_error that keeps the SQLSTATE and never contains a password.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"

struct pg_result;  // libpq's PGresult, owned by retort::result_rows

namespace retort {

// A failure reported by the server or by libpq.
class database_error : public error {
public:
    struct details {
        std::string sqlstate;  // five characters; "08006"-class codes for connection failures; empty if unknown
        std::string message;   // the server's primary message (or libpq's), never with a password
        std::string detail;
        std::string hint;
        std::string context;
        int position = 0;  // 1-based character position in the statement, 0 when unknown
    };

    database_error(std::string what, details d) : error(std::move(what)), details_(std::move(d)) {}
    const details& info() const noexcept { return details_; }
    const std::string& sqlstate() const noexcept { return details_.sqlstate; }

private:
    details details_;
};

// "SQLSTATE: message", then DETAIL and HINT lines when present: how every server error is shown.
std::string describe_server_error(const database_error::details& d);

// The connection could not be made or was lost.
class connection_error : public database_error {
public:
    using database_error::database_error;
};

// What wakes a connection that waits for the server when the user interrupts the program: a file
// descriptor that becomes readable (the self-pipe of a signal watcher) and the signal that came. The
// program owns it (RAII, no global state) and hands it down with the connection options.
class interrupt_source {
public:
    virtual ~interrupt_source() = default;
    // Readable once a signal came; -1 when there is none to watch.
    virtual int wake_fd() const noexcept = 0;
    // The first signal that came (SIGINT, SIGTERM), 0 while none did.
    virtual int signal() const noexcept = 0;
};

// How to reach the server. `conninfo` is a libpq keyword string or a postgresql:// URI (postgres:// and
// SQLAlchemy's postgresql+driver:// too; the driver is ignored); empty means libpq's defaults (PG*
// environment variables). The defaults below apply unless the conninfo (or
// PGCONNECT_TIMEOUT) sets its own: connect_timeout, and TCP keepalives (10 s idle, 5 s apart, 3 lost)
// with tcp_user_timeout, so that a dead peer or network ends a session within about 30 s.
struct connection_options {
    std::string conninfo;
    std::string application_name = "retort";
    const interrupt_source* interrupt = nullptr;  // wakes every wait; nullptr: signals keep their defaults
    std::chrono::seconds connect_timeout{10};     // libpq's connect_timeout unless the conninfo sets one
    // The longest wait for an answer (0: none; the CLI sets 30 s for retort's own statements, and the
    // store lifts it around revision and seed statements, which may legitimately take hours).
    std::chrono::milliseconds reply_timeout{0};
};

// The user interrupted a wait (interrupt_source::signal()). When `confirmed`, the server answered after
// the cancel request: the statement that ran was cancelled and rolled back, or had finished; otherwise
// the server did not answer in time and the connection was given up.
class interrupted_error : public database_error {
public:
    interrupted_error(std::string what, details d, int signal, bool confirmed)
        : database_error(std::move(what), std::move(d)),
          signal_(signal),
          confirmed_(confirmed) {}
    int signal() const noexcept { return signal_; }
    bool confirmed() const noexcept { return confirmed_; }

private:
    int signal_;
    bool confirmed_;
};

// Rows of a query in text form; NULL is nullopt.
struct query_result {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

// Rows of a query in text form, read in place: each cell is a view into libpq's result, which this
// value owns, so that a large catalog read is not copied cell by cell into strings (nor freed so).
// Views stay valid as long as this value (moving it keeps them). NULL is nullopt.
class result_rows {
public:
    class row {
    public:
        // Throws std::out_of_range past the last column. Inline: the catalog reader reads a million cells.
        std::optional<std::string_view> operator[](std::size_t column) const {
            if (column >= rows_->width_) rows_->no_such("column");
            const cell& c = rows_->cells_[index_ * rows_->width_ + column];
            if (c.data == nullptr) return std::nullopt;
            return std::string_view{c.data, c.length};
        }
        std::size_t size() const noexcept { return rows_->width_; }

    private:
        friend class result_rows;
        row(const result_rows* rows, std::size_t index) : rows_(rows), index_(index) {}
        const result_rows* rows_;
        std::size_t index_;
    };
    class iterator {
    public:
        row operator*() const { return {rows_, index_}; }
        iterator& operator++() {
            ++index_;
            return *this;
        }
        friend bool operator==(const iterator&, const iterator&) = default;

    private:
        friend class result_rows;
        iterator(const result_rows* rows, std::size_t index) : rows_(rows), index_(index) {}
        const result_rows* rows_;
        std::size_t index_;
    };

    result_rows() = default;
    // Takes ownership of a libpq result that holds rows (the driver makes these).
    explicit result_rows(::pg_result* owned);

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    // Throws std::out_of_range past the last row.
    row at(std::size_t index) const;
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, size_}; }

private:
    struct cell {
        const char* data = nullptr;  // nullptr: NULL
        std::size_t length = 0;
    };
    struct release {
        void operator()(::pg_result* r) const noexcept;
    };
    [[noreturn]] static void no_such(const char* what);

    std::unique_ptr<::pg_result, release> result_;
    std::vector<cell> cells_;  // row by row
    std::size_t size_ = 0, width_ = 0;
};

// One statement of a pipeline: its text and up to a few text parameters ($1, $2, ...).
struct pipeline_statement {
    std::string_view sql;
    std::vector<std::optional<std::string>> params;
};

// Statements laid out by the caller as one text: statement i starts at byte `starts[i]`, and between
// statements stands nothing but whitespace, comments and semicolons.
struct query_batch {
    std::string text;
    std::vector<std::size_t> starts;
};

// `statements` (without parameters) laid out as one query_batch for run_batch(), each on lines of its own.
query_batch join_statements(std::span<const pipeline_statement> statements);

// Thrown by run_pipeline when statement `index` failed; statements before it ran, later ones did not.
class pipeline_error : public database_error {
public:
    pipeline_error(std::string what, details d, std::size_t index)
        : database_error(std::move(what), std::move(d)),
          index_(index) {}
    std::size_t index() const noexcept { return index_; }

private:
    std::size_t index_;
};

// What run_batch() hands back when asked.
struct batch_answers {
    // One string per statement that ran: the first column of its first row, empty without rows.
    std::vector<std::string> first_values;
    // When run_batch() returned false: the server's error, naming the statement it found wrong (inside
    // an open transaction, which that error aborted, nothing can be sent again in its place).
    std::optional<pipeline_error> rejected;
};

class connection {
public:
    // Connects; throws connection_error (whose message names host, port, database and user, never the
    // password) when the server cannot be reached or refuses.
    static connection open(const connection_options& options);

    connection(connection&&) noexcept;
    connection& operator=(connection&&) noexcept;
    ~connection();

    // Runs one or more statements with the simple query protocol; throws database_error on failure.
    void execute(std::string_view sql);

    // Runs `sql` (a ROLLBACK, an unlock) even when the user interrupted and that was not reported yet: the
    // next other call reports it. Once the user interrupted, each answer is awaited at most 2 s.
    void execute_cleanup(std::string_view sql);

    // Runs one statement with text parameters and returns its rows; throws database_error on failure.
    query_result query(std::string_view sql, std::span<const std::optional<std::string>> params = {});

    // Sends the statements (each one parameterless statement) as one pipeline and hands each one's rows
    // to `each` with its index as soon as they have arrived, while the server runs the later ones (it
    // is asked to send each result when done). Stops at the first failure and throws pipeline_error
    // naming its index, after `each` received the results before it.
    void query_each(std::span<const std::string_view> statements,
                    const std::function<void(std::size_t, result_rows)>& each);

    // Sends every statement and reads all results: one round trip however many there are (one
    // simple-protocol Query when no statement has parameters, else pipeline mode). Stops at the first
    // failure and throws pipeline_error naming its index; the caller decides what the transaction
    // state means (with an explicit BEGIN, it must roll back).
    void run_pipeline(std::span<const pipeline_statement> statements);

    // Sends `batch` as one simple-protocol Query: one round trip, the text sent once. Stops at the first
    // failure and throws pipeline_error naming its index; returns false, having run nothing, when the
    // server rejected the text before running it (a syntax error past the first statement).
    // `answers`, when given, receives what the server answered besides success (batch_answers).
    bool run_batch(const query_batch& batch, batch_answers* answers = nullptr);

    // Tries once to take the session-level advisory lock `key`; true when taken.
    bool try_advisory_lock(std::int64_t key);

    // Releases the session-level advisory lock `key`; a no-op when not held. Runs as execute_cleanup() does.
    void advisory_unlock(std::int64_t key);

    // Quotes an identifier with libpq's escaping (PQescapeIdentifier).
    std::string quote_identifier(std::string_view name) const;

    // Quotes a string literal with libpq's escaping (PQescapeLiteral).
    std::string quote_literal(std::string_view value) const;

    // The database user this session runs as.
    std::string user() const;

    // The server's version number as libpq reports it, e.g. 150018.
    int server_version() const;

    // Host, port, database and user of the session for messages; never the password.
    std::string describe() const;

    // The server process of this session (pg_backend_pid()).
    int backend_pid() const;

    // Sets the longest wait for an answer (0: none) and returns the previous one.
    std::chrono::milliseconds set_reply_timeout(std::chrono::milliseconds timeout);

    // Sleeps for `duration`, or throws interrupted_error as soon as the user interrupts.
    void pause(std::chrono::milliseconds duration);

private:
    struct impl;
    explicit connection(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

// Holds a session-level advisory lock for its lifetime. Waiting polls pg_try_advisory_lock (never a
// blocking pg_advisory_lock, which would deadlock against CREATE INDEX CONCURRENTLY in another session),
// sleeping with backoff between tries, and calls `on_wait` once before the first sleep.
class advisory_lock_guard {
public:
    // Throws lock_timeout_error when the lock is not taken within `timeout`.
    advisory_lock_guard(connection& conn, std::int64_t key, std::chrono::milliseconds timeout,
                        const std::function<void()>& on_wait = {});
    advisory_lock_guard(const advisory_lock_guard&) = delete;
    advisory_lock_guard& operator=(const advisory_lock_guard&) = delete;
    ~advisory_lock_guard();

private:
    connection& conn_;
    std::int64_t key_;
};

// Another process held the migration lock for longer than the allowed wait.
class lock_timeout_error : public error {
public:
    using error::error;
};

}  // namespace retort
