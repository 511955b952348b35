// A throwaway PostgreSQL: initdb in a temporary directory, a server on a unix socket in it (no TCP),
// everything removed when the object goes, when the process exits, and on Ctrl-C or SIGKILL.
#pragma once

#include <filesystem>
#include <string>

#include "scratch/exit_guard.hpp"

namespace retort::scratch {

struct throwaway_options {
    // The directory with initdb, pg_ctl and postgres; empty: `pg_config --bindir`, else the newest
    // /usr/lib/postgresql/<major>/bin.
    std::filesystem::path bindir;
    // Where the temporary directory goes; empty: $TMPDIR or /tmp (a unix socket path must stay short).
    std::filesystem::path parent_dir;
};

class throwaway_server {
public:
    // Starts the server and waits until it accepts connections. initdb refuses to run as root, so as
    // root the cluster belongs to the unprivileged user `postgres` (or `nobody` when there is no such
    // user). Throws retort::error naming the binaries, the directory and the server's log lines.
    static throwaway_server start(const throwaway_options& options = {});

    throwaway_server(throwaway_server&&) noexcept = default;
    throwaway_server& operator=(throwaway_server&&) = delete;
    ~throwaway_server() = default;

    // A libpq keyword string for database `dbname` on this server as the superuser `postgres`.
    std::string conninfo(const std::string& dbname = "postgres") const;

    // The temporary directory (data, socket, log).
    const std::filesystem::path& directory() const noexcept { return dir_; }

    // The server binaries' directory, where pg_dump and psql of the same version usually are too.
    const std::filesystem::path& bindir() const noexcept { return bindir_; }

private:
    throwaway_server(std::filesystem::path dir, std::filesystem::path bindir, exit_guard guard);

    std::filesystem::path dir_;
    std::filesystem::path bindir_;
    exit_guard guard_;  // stops the server and removes dir_
};

// The server binaries' directory as throwaway_server::start() finds it; throws retort::error saying
// which package to install when there is none.
std::filesystem::path find_server_bindir(const std::filesystem::path& hint = {});

}  // namespace retort::scratch
