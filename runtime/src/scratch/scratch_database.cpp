// Scratch databases on a dev server or a throwaway server (see scratch_database.hpp).
#include "scratch/scratch_database.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <random>
#include <utility>

#include "core/sql_text.hpp"
#include "retort/error.hpp"

namespace retort::scratch {

namespace {

std::string quoted_conninfo_value(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// Drops every database whose name starts with `prefix` (this run's), on the server `admin` reaches.
void drop_databases(const std::string& admin, const std::string& prefix) {
    connection conn = connection::open({admin, "retort scratch cleanup"});
    auto rows = conn.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
                           std::vector<std::optional<std::string>>{prefix});
    for (const auto& row : rows.rows)
        if (row[0]) conn.execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(*row[0])));
}

std::string run_prefix() {
    std::random_device random;
    return fmt::format("retort_scratch_{}_{:04x}_", getpid(), random() & 0xffff);
}

}  // namespace

std::string with_database(const std::string& conninfo, const std::string& dbname) {
    bool uri = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
    if (!uri) return conninfo + (conninfo.empty() ? "" : " ") + "dbname=" + quoted_conninfo_value(dbname);
    // scheme://[userinfo@][hosts][/dbname][?params]: the path is the database.
    std::size_t authority = conninfo.find("://") + 3;
    std::size_t query = conninfo.find('?', authority);
    std::size_t path = conninfo.find('/', authority);
    if (path != std::string::npos && query != std::string::npos && path > query) path = std::string::npos;
    std::size_t end = query == std::string::npos ? conninfo.size() : query;
    std::string encoded;
    for (unsigned char c : dbname) {
        if (std::isalnum(c) || c == '_' || c == '-' || c == '.')
            encoded += static_cast<char>(c);
        else
            encoded += fmt::format("%{:02X}", c);
    }
    std::string head = conninfo.substr(0, path == std::string::npos ? end : path);
    return head + "/" + encoded + conninfo.substr(end);
}

scratch_database::scratch_database(std::string name, std::string conninfo, std::string admin_conninfo)
    : name_(std::move(name)),
      conninfo_(std::move(conninfo)),
      admin_conninfo_(std::move(admin_conninfo)) {}

scratch_database::scratch_database(scratch_database&& other) noexcept
    : name_(std::move(other.name_)),
      conninfo_(std::move(other.conninfo_)),
      admin_conninfo_(std::exchange(other.admin_conninfo_, std::string{})) {}

scratch_database::~scratch_database() {
    if (admin_conninfo_.empty()) return;
    try {
        connection admin = connection::open({admin_conninfo_, "retort scratch"});
        admin.execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(name_)));
    } catch (const error&) {  // the guardian drops it when this process ends
    }
}

connection scratch_database::connect() const { return connection::open({conninfo_, "retort"}); }

scratch_server::scratch_server(std::string admin_conninfo, std::unique_ptr<throwaway_server> server)
    : admin_conninfo_(std::move(admin_conninfo)),
      server_(std::move(server)),
      prefix_(run_prefix()) {}

scratch_server::scratch_server(scratch_server&&) noexcept = default;
scratch_server::~scratch_server() = default;

scratch_server scratch_server::on(std::string dev_url) {
    connection::open({dev_url, "retort"});  // fails early, with the server's reason
    scratch_server s(std::move(dev_url), nullptr);
    // Scratch databases of a run that was killed are dropped by the guardian when this process ends.
    s.guard_ = std::make_unique<exit_guard>(
        [admin = s.admin_conninfo_, prefix = s.prefix_] { drop_databases(admin, prefix); });
    return s;
}

scratch_server scratch_server::throwaway(const throwaway_options& options) {
    auto server = std::make_unique<throwaway_server>(throwaway_server::start(options));
    std::string admin = server->conninfo();
    return scratch_server(std::move(admin), std::move(server));
}

scratch_server scratch_server::from(const std::optional<std::string>& dev_url) {
    return dev_url ? on(*dev_url) : throwaway();
}

scratch_database scratch_server::create_database() {
    std::string name = fmt::format("{}{}", prefix_, ++counter_);
    connection admin = connection::open({admin_conninfo_, "retort scratch"});
    admin.execute(fmt::format("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", quote_identifier(name)));
    return scratch_database(name, with_database(admin_conninfo_, name), admin_conninfo_);
}

}  // namespace retort::scratch
