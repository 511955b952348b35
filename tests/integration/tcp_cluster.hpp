// A PostgreSQL cluster of one test's own that also listens on 127.0.0.1, where, unlike the shared
// fixture's unix socket, the server asks for a password (scram-sha-256): for tests of password
// authentication and TLS settings, which a socket never exercises.
#pragma once

#include <filesystem>
#include <string>

#include "retort/driver.hpp"
#include "revision_dir.hpp"

namespace retort::testing {

class tcp_cluster {
public:
    // Starts the cluster (tests/pg/pg_cluster.sh with PG_CLUSTER_LISTEN) on a free port and gives the
    // role postgres `password`.
    explicit tcp_cluster(const std::string& password);
    tcp_cluster(const tcp_cluster&) = delete;
    tcp_cluster& operator=(const tcp_cluster&) = delete;
    ~tcp_cluster();

    int port() const noexcept { return port_; }

    // A session as postgres over the unix socket, where no password is asked.
    connection connect(const std::string& dbname = "postgres") const;

private:
    temp_dir scratch_{"tcp_cluster"};
    std::filesystem::path dir_;
    int port_;
};

}  // namespace retort::testing
