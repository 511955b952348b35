// A transaction on a PostgreSQL connection as an RAII guard: it rolls back when destroyed uncommitted,
// so that no failure path can leave a session inside an open (or aborted) transaction.
#pragma once

#include <chrono>
#include <optional>

#include "retort/driver.hpp"
#include "store/store.hpp"

namespace retort {

class pg_transaction final : public store_transaction {
public:
    enum class start {
        now,          // sends BEGIN at once
        in_pipeline,  // the caller's pipeline sends BEGIN (and COMMIT, reported with committed())
    };

    explicit pg_transaction(connection& conn, start how = start::now);
    pg_transaction(const pg_transaction&) = delete;
    pg_transaction& operator=(const pg_transaction&) = delete;
    ~pg_transaction() override;

    // Sends COMMIT; throws database_error when it fails (the server has then rolled back).
    void commit() override;

    // The pipeline that began this transaction committed it as well.
    void committed() noexcept { open_ = false; }

private:
    connection& conn_;
    bool open_ = true;
};

// A revision's or a seed's own statements may run for hours: no reply timeout while they do (an
// interrupt, keepalives and --pg-statement-timeout still end them).
class unbounded_wait {
public:
    unbounded_wait(connection& conn, bool active) : conn_(conn) {
        if (active) previous_ = conn.set_reply_timeout(std::chrono::milliseconds{0});
    }
    unbounded_wait(const unbounded_wait&) = delete;
    unbounded_wait& operator=(const unbounded_wait&) = delete;
    ~unbounded_wait() {
        if (previous_) conn_.set_reply_timeout(*previous_);
    }

private:
    connection& conn_;
    std::optional<std::chrono::milliseconds> previous_;
};

}  // namespace retort
