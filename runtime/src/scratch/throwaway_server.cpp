// A throwaway PostgreSQL cluster in a temporary directory (see throwaway_server.hpp).
#include "scratch/throwaway_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "retort/driver.hpp"
#include "retort/error.hpp"

namespace retort::scratch {

namespace fs = std::filesystem;

namespace {

constexpr int port = 5432;  // only names the socket file; the directory is private to this server

// Who owns the cluster: this process, or (as root, whom initdb refuses) an unprivileged user.
struct owner {
    std::optional<uid_t> uid;
    gid_t gid = 0;
};

owner cluster_owner() {
    if (geteuid() != 0) return {};
    for (const char* name : {"postgres", "nobody"}) {
        if (const passwd* pw = getpwnam(name)) return {pw->pw_uid, pw->pw_gid};
    }
    throw error(
        "retort runs as root and there is no unprivileged user (postgres or nobody) to own a throwaway "
        "PostgreSQL (initdb refuses root): create one, or pass --dev-url");
}

// Runs argv (as `who`), output appended to `log`; returns the exit status (-1 when it could not run).
int run(const std::vector<std::string>& argv, const owner& who, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, 0);
        if (who.uid && (setgroups(0, nullptr) != 0 || setgid(who.gid) != 0 || setuid(*who.uid) != 0)) _exit(126);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tail_of(const fs::path& log, std::size_t lines = 20) {
    std::ifstream in(log);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    std::string out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "\n  " + all[i];
    return out;
}

std::optional<fs::path> pg_config_bindir() {
    FILE* p = popen("pg_config --bindir 2>/dev/null", "r");
    if (p == nullptr) return std::nullopt;
    char buffer[4096];
    std::string out;
    while (std::fgets(buffer, sizeof buffer, p) != nullptr) out += buffer;
    pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    if (out.empty()) return std::nullopt;
    return fs::path(out);
}

bool has_server(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec) && fs::exists(dir / "postgres", ec);
}

fs::path make_directory(const throwaway_options& options, const owner& who) {
    fs::path parent = options.parent_dir;
    if (parent.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        parent = tmp != nullptr && *tmp != '\0' && std::strlen(tmp) < 60 ? tmp : "/tmp";
    }
    std::string pattern = (parent / "retort-scratch-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw error(
            fmt::format("cannot create a temporary directory in {}: {}", parent.string(), std::strerror(errno)));
    fs::path dir = pattern;
    if (who.uid && chown(dir.c_str(), *who.uid, who.gid) != 0)
        throw error(fmt::format("cannot hand {} to the server's user: {}", dir.string(), std::strerror(errno)));
    return dir;
}

void wait_until_ready(const std::string& conninfo, const fs::path& log) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        try {
            connection::open({conninfo, "retort"});
            return;
        } catch (const connection_error& e) {
            if (std::chrono::steady_clock::now() > deadline)
                throw error(
                    fmt::format("the throwaway PostgreSQL did not accept connections within 60 s: {}; "
                                "its log says:{}",
                                e.what(), tail_of(log)));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace

fs::path find_server_bindir(const fs::path& hint) {
    if (!hint.empty()) {
        if (!has_server(hint))
            throw error(
                fmt::format("{} holds no PostgreSQL server binaries (initdb, pg_ctl, postgres)", hint.string()));
        return hint;
    }
    if (auto dir = pg_config_bindir(); dir && has_server(*dir)) return *dir;
    // Debian keeps the server binaries out of PATH, one directory per major version.
    fs::path best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string name = entry.path().filename().string();
        char* end = nullptr;
        long version = std::strtol(name.c_str(), &end, 10);
        if (end != nullptr && *end == '\0' && version > best_version && has_server(entry.path() / "bin")) {
            best = entry.path() / "bin";
            best_version = static_cast<int>(version);
        }
    }
    if (best.empty())
        throw error(
            "cannot find the PostgreSQL server binaries (initdb, pg_ctl, postgres) to start a throwaway "
            "server: install the server package (Debian: apt-get install postgresql), or pass --dev-url "
            "naming a server where retort may create its scratch databases");
    return best;
}

throwaway_server throwaway_server::start(const throwaway_options& options) {
    fs::path bindir = find_server_bindir(options.bindir);
    owner who = cluster_owner();
    fs::path dir = make_directory(options, who);
    fs::path data = dir / "data";
    fs::path log = dir / "server.log";
    std::string pg_ctl = (bindir / "pg_ctl").string();
    // From here on the directory, and a server running in it, go away with this process.
    exit_guard guard([pg_ctl, data, dir, who] {
        if (fs::exists(data / "postmaster.pid"))
            run({pg_ctl, "stop", "-D", data.string(), "-m", "immediate", "-w"}, who, "/dev/null");
        std::error_code ec;
        fs::remove_all(dir, ec);
    });
    if (run({(bindir / "initdb").string(), "-D", data.string(), "--auth=trust", "--username=postgres", "-E", "UTF8",
             "--locale=C", "--no-sync"},
            who, dir / "initdb.log") != 0)
        throw error(fmt::format("initdb failed in {}:{}", data.string(), tail_of(dir / "initdb.log")));
    std::string server_options = fmt::format(
        "-c listen_addresses='' -k {} -p {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=50 -c shared_buffers=32MB",
        dir.string(), port);
    if (run({pg_ctl, "start", "-D", data.string(), "-l", log.string(), "-w", "-t", "60", "-o", server_options}, who,
            dir / "pg_ctl.log") != 0)
        throw error(fmt::format("the throwaway PostgreSQL did not start in {}:{}", dir.string(), tail_of(log)));
    throwaway_server server(dir, bindir, std::move(guard));
    wait_until_ready(server.conninfo(), log);
    return server;
}

throwaway_server::throwaway_server(fs::path dir, fs::path bindir, exit_guard guard)
    : dir_(std::move(dir)),
      bindir_(std::move(bindir)),
      guard_(std::move(guard)) {}

std::string throwaway_server::conninfo(const std::string& dbname) const {
    return fmt::format("host='{}' port={} user=postgres dbname='{}'", dir_.string(), port, dbname);
}

}  // namespace retort::scratch
