// Results and errors of libpq: the error details of a failed result (passwords scrubbed), the
// exceptions each failure becomes, and the notice receiver.
#include "db/pg_result.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdio>

#include "db/conninfo.hpp"

namespace retort::detail {
namespace {

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

std::string field(const PGresult* r, int code) { return text_of(PQresultErrorField(r, code)); }

int position_of(const PGresult* r) {
    const std::string text = field(r, PG_DIAG_STATEMENT_POSITION);
    int position = 0;
    std::from_chars(text.data(), text.data() + text.size(), position);
    return position;
}

}  // namespace

std::string text_of(const char* s) { return s != nullptr ? std::string{s} : std::string{}; }

// For a unix socket PQhost is the socket directory, which is what a reader needs to find the server.
std::string describe_session(PGconn* conn) {
    return fmt::format("{}@{}:{}/{}", or_unknown(PQuser(conn)), or_unknown(PQhost(conn)), or_unknown(PQport(conn)),
                       or_unknown(PQdb(conn)));
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

// libpq takes statements and parameters as C strings: a NUL byte would silently cut what the server
// runs. Refused before anything is sent.
void refuse_nul(PGconn* conn, std::string_view sql, std::span<const std::optional<std::string>> params) {
    const bool in_params = std::any_of(params.begin(), params.end(),
                                       [](const auto& p) { return p && p->find('\0') != std::string::npos; });
    if (sql.find('\0') != std::string_view::npos || in_params) {
        throw_usage(conn,
                    "a statement or parameter holds a NUL byte, which would cut the text sent to the server; "
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

}  // namespace retort::detail
