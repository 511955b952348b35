// Progress while a command migrates: a `[k/N]` counter and the elapsed time on every step line, and a
// step that runs long named with its file:line and how long it has run: on a terminal one live line
// redrawn every second, elsewhere (CI logs) a line once it passes two seconds and every ten seconds
// after. Colour only on a terminal and without NO_COLOR. Text output only (--quiet prints none of it).
// Separate from the signal handling of a run: this only prints.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "retort/graph.hpp"
#include "retort/plan.hpp"

namespace retort::cli {

// Where progress goes: whether stdout is a terminal, and whether colour may be used there.
struct terminal {
    bool tty = false;
    bool colour = false;
};

// stdout's terminal: isatty(1); colour when it is one and NO_COLOR is unset or empty.
terminal detect_terminal();

class progress {
public:
    using clock = std::chrono::steady_clock;

    // Starts the watcher that reports long steps.
    progress(const graph& g, std::ostream& out, terminal t);
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;
    ~progress();

    // Step k of n starts, with `together` - 1 steps after it in the same round trip.
    void started(const step& s, std::size_t k, std::size_t n, std::size_t together = 1);
    // The step that started last committed after `seconds`: prints its line.
    void committed(const step& s, double seconds);

private:
    void watch();
    void report_slow(std::chrono::seconds so_far);
    std::string counter(std::size_t k, std::size_t n) const;

    const graph& g_;
    std::ostream& out_;
    const terminal t_;
    const clock::time_point begun_ = clock::now();
    std::mutex m_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::optional<step> running_;
    std::size_t k_ = 0, n_ = 0, together_ = 1;
    std::size_t committed_ = 0;
    clock::time_point step_began_;
    clock::time_point next_report_;
    bool live_line_ = false;  // a live line is on the terminal, to be erased before the next line
    std::thread watcher_;     // started by the constructor once the members above exist
};

}  // namespace retort::cli
