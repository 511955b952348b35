// Child processes for tests that run retort's programs as a user would: started with their output in
// files, waited for with a deadline, or killed at a moment the test chooses.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace retort::testing {

// Variables to set (a value) or remove (nullopt) in the child's environment.
using env_changes = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct process_result {
    int status = -1;  // the exit code, or 128 + the signal that ended the process
    bool signaled = false;
    std::string out, err;
};

class child_process {
public:
    // Starts argv[0] (looked up in PATH) with stdout and stderr going to fresh files in `output_dir`.
    child_process(const std::vector<std::string>& argv, const env_changes& env,
                  const std::filesystem::path& output_dir);
    child_process(child_process&& other) noexcept;
    child_process& operator=(child_process&&) = delete;
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    // A child still running when the test gives up is killed, so no test leaves processes behind.
    ~child_process();

    pid_t pid() const noexcept { return pid_; }

    // Sends `signal` unless the child has already been waited for.
    void kill(int signal);

    // Waits until the child ends; when it outlives `deadline` it is killed with SIGKILL and
    // std::runtime_error says so (a hung child must fail the test, not the CTest time limit).
    process_result wait(std::chrono::milliseconds deadline = std::chrono::seconds(120));

    // The child's result if it has ended, without blocking.
    std::optional<process_result> poll();

private:
    process_result collect(int wait_status);

    pid_t pid_ = -1;
    std::filesystem::path out_, err_;
};

}  // namespace retort::testing
