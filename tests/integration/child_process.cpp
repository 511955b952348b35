// child_process: posix_spawn with the output in files, so that a test never blocks on a full pipe.
#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The parent's environment with `changes` applied, as NAME=VALUE strings.
std::vector<std::string> child_environment(const env_changes& changes) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        bool replaced = false;
        for (const auto& change : changes) replaced = replaced || change.first == name;
        if (!replaced) env.push_back(entry);
    }
    // Applied in order, as setenv() would: a later change of the same name wins.
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto& [name, value] = changes[i];
        bool overridden = false;
        for (std::size_t j = i + 1; j < changes.size(); ++j) overridden = overridden || changes[j].first == name;
        if (value && !overridden) env.push_back(name + "=" + *value);
    }
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& items) {
    std::vector<char*> out;
    for (auto& s : items) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace

child_process::child_process(const std::vector<std::string>& argv, const env_changes& env, const fs::path& output_dir) {
    // Several children of one test, and tests in parallel, each get their own files.
    static std::atomic<unsigned> counter{0};
    const std::string stem = std::to_string(::getpid()) + "_" + std::to_string(++counter);
    out_ = output_dir / ("child_" + stem + ".out");
    err_ = output_dir / ("child_" + stem + ".err");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = argv;
    std::vector<std::string> envs = child_environment(env);
    const int rc =
        ::posix_spawnp(&pid_, args.at(0).c_str(), &actions, nullptr, c_strings(args).data(), c_strings(envs).data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args.at(0) + ": " + std::strerror(rc));
}

child_process::child_process(child_process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      out_(std::move(other.out_)),
      err_(std::move(other.err_)) {}

child_process::~child_process() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

void child_process::kill(int signal) {
    if (pid_ > 0) ::kill(pid_, signal);
}

process_result child_process::collect(int wait_status) {
    process_result r;
    r.signaled = WIFSIGNALED(wait_status);
    r.status = r.signaled ? 128 + WTERMSIG(wait_status) : WEXITSTATUS(wait_status);
    r.out = slurp(out_);
    r.err = slurp(err_);
    pid_ = -1;
    return r;
}

std::optional<process_result> child_process::poll() {
    if (pid_ <= 0) throw std::logic_error("child_process: already waited for");
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == 0) return std::nullopt;
    if (done < 0) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    return collect(status);
}

process_result child_process::wait(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        if (auto r = poll()) return *r;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const std::string what =
        "child " + std::to_string(pid_) + " still running after " + std::to_string(deadline.count()) + " ms; killed";
    kill(SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    throw std::runtime_error(what);
}

}  // namespace retort::testing
