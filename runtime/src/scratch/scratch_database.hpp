// Scratch databases: created by retort for its own use and dropped again, on a server where that is
// allowed (`--dev-url`) or on a throwaway server retort started itself.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "retort/driver.hpp"
#include "scratch/throwaway_server.hpp"

namespace retort::scratch {

class scratch_server;

// One database of retort's own, dropped (WITH (FORCE)) when the object goes.
class scratch_database {
public:
    scratch_database(scratch_database&&) noexcept;
    scratch_database& operator=(scratch_database&&) = delete;
    ~scratch_database();

    const std::string& name() const noexcept { return name_; }
    // A conninfo (keyword string or URL, as the server was named) that reaches this database.
    const std::string& conninfo() const noexcept { return conninfo_; }
    // A new session on this database.
    connection connect() const;

private:
    friend class scratch_server;
    scratch_database(std::string name, std::string conninfo, std::string admin_conninfo);

    std::string name_;
    std::string conninfo_;
    std::string admin_conninfo_;  // empty once moved from
};

// Where scratch databases come from. On a server named by the user (`dev_url`), retort creates and
// drops only databases named `retort_scratch_<pid>_<n>` and touches nothing else; those a killed run
// left behind are dropped by a guardian process (exit_guard). Without a URL it starts a
// throwaway_server and removes it at the end.
class scratch_server {
public:
    // `dev_url` is a conninfo (keyword string or postgresql:// URL) of any database on the server,
    // used to create and drop the scratch databases; the user needs CREATEDB. Connects once to check;
    // throws connection_error.
    static scratch_server on(std::string dev_url);

    // Starts a throwaway server (throwaway_server::start).
    static scratch_server throwaway(const throwaway_options& options = {});

    // `dev_url` when given, else a throwaway server.
    static scratch_server from(const std::optional<std::string>& dev_url);

    scratch_server(scratch_server&&) noexcept;
    scratch_server& operator=(scratch_server&&) = delete;
    ~scratch_server();

    // Creates a new, empty database (from template0, UTF8) and returns its owner object.
    scratch_database create_database();

    // The admin conninfo (the dev URL or the throwaway server's postgres database).
    const std::string& conninfo() const noexcept { return admin_conninfo_; }

    // The throwaway server when this is one, else nullptr.
    const throwaway_server* server() const noexcept { return server_.get(); }

private:
    scratch_server(std::string admin_conninfo, std::unique_ptr<throwaway_server> server);

    std::string admin_conninfo_;
    std::unique_ptr<throwaway_server> server_;
    std::unique_ptr<exit_guard> guard_;  // drops this run's scratch databases on a dev server
    std::string prefix_;
    unsigned counter_ = 0;
};

// `conninfo` (keyword string or postgresql:// URL) with its database replaced by `dbname`.
std::string with_database(const std::string& conninfo, const std::string& dbname);

}  // namespace retort::scratch
