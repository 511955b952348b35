// A transaction on a PostgreSQL connection as an RAII guard: it rolls back when destroyed uncommitted,
// so that no failure path can leave a session inside an open (or aborted) transaction.
#pragma once

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

}  // namespace retort
