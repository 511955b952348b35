// The steps of begin()'s transaction run together: several upgrades in one Query, timed by the server.
#include <algorithm>
#include <charconv>

#include "store/postgres_store.hpp"
#include "store/step_batch.hpp"
#include "store/transaction.hpp"

namespace retort {

namespace {

// A clock reading of lay_out_together(): seconds since 1970 as the server printed them.
double seconds_of(const std::string& reading) {
    double v = 0;
    std::from_chars(reading.data(), reading.data() + reading.size(), v);
    return v;
}
}  // namespace

// Upgrades inside begin()'s transaction that write no bookkeeping of their own (it waits for the
// COMMIT) and keep the prepared statements.
bool postgres_store::can_run_together(std::span<const step_change> steps) const {
    if (!in_transaction_ || literal_only_) return false;
    return std::all_of(steps.begin(), steps.end(), [](const step_change& s) {
        const auto& own = section_of(*s.rev, s.dir).statements;
        return s.dir == direction::up && s.run_statements &&
               std::none_of(own.begin(), own.end(), [](const auto& st) { return may_deallocate(st.sql); });
    });
}

// The steps as one Query (step_batch.hpp), each step timed by the server's clock between the readings
// around it; steps that cannot share a Query go one by one. A text the server rejected unrun (a syntax
// error past its first statement) is reported as it stands: its error aborted the transaction.
std::vector<double> postgres_store::apply_together(std::span<const step_change> steps) {
    if (steps.size() < 2 || !can_run_together(steps)) return history_store::apply_together(steps);
    const together_batch b = lay_out_together(steps, next_guard());
    batch_answers answers;
    answers.first_values.reserve(b.batch.starts.size());
    const unbounded_wait long_statements{conn_, true};
    try {
        // Rejected unrun (a syntax error past the first statement): the error aborted the transaction,
        // so it is reported as it stands.
        if (!conn_.run_batch(b.batch, &answers)) throw pipeline_error(*answers.rejected);
    } catch (const pipeline_error& e) {
        const auto after = std::upper_bound(b.readings.begin(), b.readings.end(), e.index());
        const auto step = static_cast<std::size_t>(after - b.readings.begin());  // 0: the guard or first reading
        if (step > 0 && step <= steps.size() && e.index() != b.readings[step - 1]) {
            const std::size_t index = e.index() - b.readings[step - 1] - 1;
            const auto& own = section_of(*steps[step - 1].rev, direction::up).statements;
            throw together_failure(statement_failure(e, &own[index], index), step - 1);
        }
        if (e.index() == b.guard) moved(e, "This change was rolled back; the changes before it stay applied.");
        throw together_failure(statement_failure(e, nullptr, 0), std::min(step == 0 ? 0 : step - 1, steps.size() - 1));
    }
    std::vector<double> seconds;
    seconds.reserve(steps.size());
    const auto& readings = answers.first_values;
    double before = seconds_of(readings.at(b.readings.front()));
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const double after = seconds_of(readings.at(b.readings[k + 1]));
        seconds.push_back(std::max(0.0, after - before));
        before = after;
        deferred_.add(steps[k], 1000 * seconds.back());
    }
    return seconds;
}

}  // namespace retort
