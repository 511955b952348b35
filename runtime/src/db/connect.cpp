// Connection attempts polled under connect_timeout and the interrupt (see connect.hpp).
#include "db/connect.hpp"

#include "db/conninfo.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace retort::detail {

namespace {

using std::chrono::milliseconds;

// libpq keywords with retort's defaults. Those before `dbname` are overridden by the expanded conninfo
// (expand_dbname), those after it override it.
struct keyword_list {
    std::vector<std::string> storage;
    std::vector<const char*> keywords, values;

    void add(std::string key, std::string value) {
        storage.push_back(std::move(key));
        storage.push_back(std::move(value));
    }
    void finish() {
        for (std::size_t i = 0; i < storage.size(); i += 2) {
            keywords.push_back(storage[i].c_str());
            values.push_back(storage[i + 1].c_str());
        }
        keywords.push_back(nullptr);
        values.push_back(nullptr);
    }
};

keyword_list keywords_of(const connection_options& options) {
    keyword_list k;
    // PGCONNECT_TIMEOUT is libpq's own default; an explicit keyword would hide it.
    const char* env_timeout = std::getenv("PGCONNECT_TIMEOUT");
    if ((env_timeout == nullptr || *env_timeout == '\0') && options.connect_timeout.count() > 0) {
        k.add("connect_timeout", std::to_string(options.connect_timeout.count()));
    }
    // A dead peer or network: keepalives notice an idle session within 10 + 3 * 5 s, tcp_user_timeout
    // a session whose data stays unacknowledged for 30 s. TCP only; sockets ignore them.
    k.add("keepalives", "1");
    k.add("keepalives_idle", "10");
    k.add("keepalives_interval", "5");
    k.add("keepalives_count", "3");
    k.add("tcp_user_timeout", "30000");
    k.add("dbname", normalized_conninfo(options.conninfo));
    k.add("application_name", options.application_name);
    k.finish();
    return k;
}

// The connect_timeout in force for this attempt (the user's, the environment's or retort's), as libpq
// reads it: whole seconds, values from 1 raised to 2, 0 or none meaning no limit.
milliseconds effective_timeout(PGconn* conn) {
    milliseconds timeout{0};
    std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> info{PQconninfo(conn), PQconninfoFree};
    for (const PQconninfoOption* o = info.get(); o != nullptr && o->keyword != nullptr; ++o) {
        if (std::strcmp(o->keyword, "connect_timeout") == 0 && o->val != nullptr) {
            const long seconds = std::strtol(o->val, nullptr, 10);
            if (seconds > 0) {
                timeout = std::chrono::seconds(std::max(seconds, 2L));
            }
        }
    }
    return timeout;
}

[[noreturn]] void throw_no_answer(PGconn* conn, milliseconds timeout) {
    database_error::details d;
    d.sqlstate = "08001";
    const char* host = PQhost(conn);
    const char* port = PQport(conn);
    d.message = fmt::format(
        "the server at {}:{} did not complete the connection within {} s (connect_timeout); it accepts "
        "connections but does not answer: check that PostgreSQL is running and not stopped, or raise "
        "connect_timeout in the URL",
        host != nullptr && *host != '\0' ? host : "?", port != nullptr && *port != '\0' ? port : "?",
        timeout.count() / 1000);
    std::string what = fmt::format("cannot connect to PostgreSQL: {}", d.message);
    throw connection_error(std::move(what), std::move(d));
}

}  // namespace

PGconn* connect(const connection_options& options, wait_state& state) {
    request_wait::check_usable(state);
    const keyword_list k = keywords_of(options);
    PGconn* conn = PQconnectStartParams(k.keywords.data(), k.values.data(), 1);
    if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) {
        return conn;
    }
    // The handshake's waits obey connect_timeout, not the reply timeout of the session to come.
    wait_state handshake = state;
    handshake.reply_timeout = effective_timeout(conn);
    for (;;) {
        const PostgresPollingStatusType status = PQconnectPoll(conn);
        if (status == PGRES_POLLING_OK || status == PGRES_POLLING_FAILED) {
            break;
        }
        try {
            request_wait wait{conn, handshake};
            wait.wait(status == PGRES_POLLING_WRITING);
            if (wait.cancelled()) {
                state.interrupt_reported = true;
                throw_interrupted(state.interrupt->signal(), true, "while connecting; nothing ran on the server");
            }
        } catch (const interrupted_error&) {
            PQfinish(conn);
            throw;
        } catch (const connection_error&) {
            const milliseconds timeout = handshake.reply_timeout;
            std::unique_ptr<PGconn, void (*)(PGconn*)> closing{conn, PQfinish};
            throw_no_answer(conn, timeout);
        }
    }
    state.interrupt_reported = handshake.interrupt_reported;
    return conn;
}

}  // namespace retort::detail
