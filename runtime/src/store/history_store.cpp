// What every history store does the same way unless it can do better.
#include <chrono>

#include "store/store.hpp"

namespace retort {

std::vector<double> history_store::apply_together(std::span<const step_change> steps) {
    std::vector<double> seconds;
    seconds.reserve(steps.size());
    for (const step_change& s : steps) {
        const auto start = std::chrono::steady_clock::now();
        try {
            apply(s);
        } catch (const statement_failure& f) {
            throw together_failure(f, seconds.size());
        }
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

}  // namespace retort
