// Results and errors of libpq for the connection's parts (connection.cpp, batch_run.cpp): owning
// pointers for PGconn and PGresult, the database_error a failed result becomes, and the checks every
// request shares. Nothing here waits for the server.
#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "retort/driver.hpp"

namespace retort::detail {

struct pgconn_deleter {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct pgresult_deleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using conn_ptr = std::unique_ptr<PGconn, pgconn_deleter>;
using result_ptr = std::unique_ptr<PGresult, pgresult_deleter>;

std::string text_of(const char* s);

// user@host:port/dbname, for messages; never the password.
std::string describe_session(PGconn* conn);

// The fields of a failed result (or of the session's last error when `r` is null), passwords scrubbed.
database_error::details details_of(PGconn* conn, const PGresult* r);

// connection_error (SQLSTATE 08006 unless the server gave one) naming the session.
[[noreturn]] void throw_lost(PGconn* conn, database_error::details d);
// database_error for a failed result, connection_error when the session is gone.
[[noreturn]] void throw_failure(PGconn* conn, const PGresult* r);
[[noreturn]] void throw_libpq_failure(PGconn* conn);
// database_error without SQLSTATE for a request retort refuses to send.
[[noreturn]] void throw_usage(PGconn* conn, std::string message);
[[noreturn]] void throw_connect_failure(PGconn* conn, const std::string& conninfo);

bool succeeded(ExecStatusType status);

// Ends a COPY the server started (nobody sends or reads its data), then throws.
[[noreturn]] void abandon_copy(PGconn* conn, ExecStatusType status);

// Throws unless `r` succeeded.
void check(PGconn* conn, const PGresult* r);

// The notice receiver: WARNING and worse to stderr.
void forward_notice(void* unused, const PGresult* r);

// Refuses a NUL byte in `sql` or `params` before anything is sent.
void refuse_nul(PGconn* conn, std::string_view sql, std::span<const std::optional<std::string>> params = {});

// `count` as libpq's int; refuses more parameters than the protocol allows.
int param_count(PGconn* conn, std::size_t count);

}  // namespace retort::detail
