#include "cli/progress.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

constexpr auto slow_after = std::chrono::seconds(2);
constexpr auto ci_every = std::chrono::seconds(10);
constexpr auto live_every = std::chrono::seconds(1);

constexpr std::string_view erase_line = "\r\033[K";

std::string paint(bool colour, std::string_view code, std::string_view text) {
    return colour ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
}

// Where the running step stands: its file and the line of its first statement (a transactional
// revision runs all its statements in one round trip, so which of them runs is not known here).
std::string location(const graph& g, const step& s) {
    const revision& r = g.at(s.revision);
    const section* sec = s.dir == direction::up ? &r.upgrade : (r.downgrade ? &*r.downgrade : nullptr);
    if (!sec || sec->statements.empty()) return std::string(r.file);
    std::string where = fmt::format("{}:{}", r.file, sec->statements.front().line);
    if (sec->statements.size() > 1) where += fmt::format(" (first of {} statements)", sec->statements.size());
    return where;
}

}  // namespace

terminal detect_terminal() {
    terminal t;
    t.tty = ::isatty(STDOUT_FILENO) == 1;
    const char* no_colour = std::getenv("NO_COLOR");
    t.colour = t.tty && (no_colour == nullptr || *no_colour == '\0');
    return t;
}

progress::progress(const graph& g, std::ostream& out, terminal t) : g_(g), out_(out), t_(t) {
    // The watcher only prints: it starts with every signal blocked, so that Ctrl-C and SIGTERM reach the
    // threads that handle them, never this one.
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    watcher_ = std::thread([this] { watch(); });
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

progress::~progress() {
    {
        std::lock_guard lock(m_);
        stop_ = true;
        if (live_line_) out_ << erase_line << std::flush;
    }
    wake_.notify_all();
    watcher_.join();
}

std::string progress::counter(std::size_t k, std::size_t n) const {
    return paint(t_.colour, "1", fmt::format("[{}/{}]", k, n));
}

void progress::started(const step& s, std::size_t k, std::size_t n, std::size_t together) {
    std::lock_guard lock(m_);
    if (k == 1) committed_ = 0;  // a new run (a round trip has several)
    running_ = s;
    k_ = k;
    n_ = n;
    together_ = together;
    step_began_ = clock::now();
    next_report_ = step_began_ + slow_after;
}

void progress::committed(const step& s, double seconds) {
    std::lock_guard lock(m_);
    running_.reset();
    if (live_line_) out_ << erase_line;
    live_line_ = false;
    const double elapsed = std::chrono::duration<double>(clock::now() - begun_).count();
    std::string line = step_line(g_, s, seconds);  // "Running upgrade a -> b, msg (1.2 ms)\n"
    line.insert(line.size() - 2, fmt::format(", {:.1f} s elapsed", elapsed));
    // Counted as they commit: under --single-transaction every step reports after the last one ran.
    out_ << counter(++committed_, n_) << ' ' << line << std::flush;
}

void progress::report_slow(std::chrono::seconds so_far) {
    const revision& r = g_.at(running_->revision);
    // Steps sent together report back together: which of them runs is not known here.
    const std::string more =
        together_ > 1 ? fmt::format(" or one of the {} after it in the same round trip", together_ - 1) : "";
    std::string text = fmt::format("{} still running {} {}{}: {} ({} s so far)", counter(k_, n_),
                                   running_->dir == direction::up ? "upgrade" : "downgrade", r.id, more,
                                   location(g_, *running_), so_far.count());
    if (t_.tty) {
        out_ << erase_line << paint(t_.colour, "33", text) << std::flush;
        live_line_ = true;
    } else {
        out_ << text << '\n' << std::flush;
    }
}

void progress::watch() {
    std::unique_lock lock(m_);
    while (!stop_) {
        wake_.wait_for(lock, std::chrono::milliseconds(200));
        if (stop_ || !running_) continue;
        const auto now = clock::now();
        if (now < next_report_) continue;
        report_slow(std::chrono::duration_cast<std::chrono::seconds>(now - step_began_));
        next_report_ = now + (t_.tty ? live_every : ci_every);
    }
}

}  // namespace retort::cli
