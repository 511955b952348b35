// tcp_cluster: starts and stops a cluster with a TCP listener through tests/pg/pg_cluster.sh.
#include "tcp_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <stdexcept>

#include "tool_fixture.hpp"

namespace retort::testing {

namespace {

// A port nobody listens on now; the cluster takes it a moment later.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool found = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!found) throw std::runtime_error("no free TCP port on 127.0.0.1");
    return ntohs(address.sin_port);
}

// Under /tmp itself: the server runs as the postgres user when the tests run as root, and must reach it.
std::filesystem::path cluster_dir() {
    static std::atomic<unsigned> counter{0};
    return std::filesystem::path("/tmp") /
           ("retort-tcp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

result cluster_script(const std::filesystem::path& scratch, const std::string& action, const std::filesystem::path& dir,
                      int port) {
    return finish(spawn(scratch, {"bash", RETORT_PG_CLUSTER_SCRIPT, action, dir.string(), std::to_string(port)},
                        {{"PG_CLUSTER_LISTEN", "127.0.0.1"}}));
}

}  // namespace

tcp_cluster::tcp_cluster(const std::string& password) : dir_(cluster_dir()), port_(free_port()) {
    auto started = cluster_script(scratch_.path, "start", dir_, port_);
    if (started.status != 0) throw std::runtime_error("pg_cluster.sh start failed:\n" + started.out + started.err);
    try {
        auto admin = connect();
        admin.execute("ALTER ROLE postgres PASSWORD " + admin.quote_literal(password));
    } catch (...) {
        cluster_script(scratch_.path, "stop", dir_, port_);
        throw;
    }
}

tcp_cluster::~tcp_cluster() {
    auto stopped = cluster_script(scratch_.path, "stop", dir_, port_);
    if (stopped.status != 0)
        std::fprintf(stderr, "tcp_cluster: stop failed:\n%s%s", stopped.out.c_str(), stopped.err.c_str());
}

connection tcp_cluster::connect(const std::string& dbname) const {
    connection_options options;
    options.conninfo = "host=" + conninfo_value((dir_ / "socket").string()) + " port=" + std::to_string(port_) +
                       " user=postgres dbname=" + conninfo_value(dbname);
    options.application_name = "retort_test_support";
    return connection::open(options);
}

}  // namespace retort::testing
