// What every history store does the same way unless it can do better.
#include <chrono>

#include "store/store.hpp"

namespace retort {

void history_store::apply_together(std::span<const step_change> steps, const step_done& done) {
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const auto start = std::chrono::steady_clock::now();
        try {
            apply(steps[k]);
        } catch (const statement_failure& f) {
            throw together_failure(f, k);
        }
        done(k, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
}

}  // namespace retort
