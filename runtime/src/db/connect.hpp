// Opening a session without blocking inside libpq: the connection attempt is polled like every other
// wait (session_wait.hpp), so an interrupt ends it at once and a server that accepts and never answers
// is given up after connect_timeout. Safe defaults (connect_timeout, TCP keepalives, tcp_user_timeout)
// go before the user's conninfo, which overrides any of them.
#pragma once

#include <libpq-fe.h>

#include "db/session_wait.hpp"
#include "retort/driver.hpp"

namespace retort::detail {

// The session `options` describe, established (CONNECTION_OK) or failed (CONNECTION_BAD, its message in
// PQerrorMessage); nullptr only when libpq is out of memory. Throws connection_error when the server
// does not complete the handshake within connect_timeout, interrupted_error on an interrupt.
PGconn* connect(const connection_options& options, wait_state& state);

}  // namespace retort::detail
