// Batches of statements in one round trip: a pipeline (extended protocol, for parameters) or one
// simple-protocol Query. Both send and read through the connection's non-blocking wait
// (session_wait.hpp) and name the statement that failed (pipeline_error).
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <span>

#include "db/pg_result.hpp"
#include "db/session_wait.hpp"
#include "retort/driver.hpp"

namespace retort::detail {

// What receives each statement's successful result, with the statement's index, as soon as it is read.
using result_sink = std::function<void(std::size_t, result_ptr)>;

// Runs `statements` as one pipeline; throws pipeline_error naming the first that failed. With a
// `sink`, the server is asked to send each result when it is done (a flush request after each
// statement) and the sink receives it.
void run_as_pipeline(PGconn* conn, wait_state& state, std::span<const pipeline_statement> statements,
                     const result_sink* sink = nullptr);

// Runs `batch` as one Query; false, having run nothing, when the server rejected its text unrun.
// `answers`: see connection::run_batch.
bool run_as_query(PGconn* conn, wait_state& state, const query_batch& batch, batch_answers* answers = nullptr);

}  // namespace retort::detail
