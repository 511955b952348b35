// The upgrades of begin()'s transaction run together: several in one Query (step_batch.hpp), their
// bookkeeping waiting for the COMMIT. The server's clock, read between the steps, says how long each ran.
#include <algorithm>
#include <charconv>
#include <optional>

#include "store/postgres_store.hpp"
#include "store/step_batch.hpp"
#include "store/transaction.hpp"

namespace retort {

namespace {

// A clock reading of a together_batch: seconds since 1970 as the server printed them.
double seconds_of(const std::string& reading) {
    double v = 0;
    std::from_chars(reading.data(), reading.data() + reading.size(), v);
    return v;
}

// Step k's time between the readings around it, when both arrived.
double seconds_between(const together_batch& b, const batch_answers& a, std::size_t k) {
    const auto& values = a.first_values;
    if (b.readings[k + 1] >= values.size()) return 0;
    return std::max(0.0, seconds_of(values[b.readings[k + 1]]) - seconds_of(values[b.readings[k]]));
}

// The step that statement `index` belongs to (its section, bookkeeping or the reading after it).
std::size_t step_of(const together_batch& b, std::size_t index) {
    const auto after = std::upper_bound(b.readings.begin(), b.readings.end(), index);
    const auto k = static_cast<std::size_t>(after - b.readings.begin());
    return std::min(k == 0 ? 0 : k - 1, b.first_own.size() - 1);
}

// The statement of its step's section that statement `index` is, if it is one.
std::optional<std::size_t> own_index(const together_batch& b, std::span<const step_change> steps, std::size_t index) {
    const std::size_t k = step_of(b, index);
    const std::size_t count = section_of(*steps[k].rev, steps[k].dir).statements.size();
    if (index < b.first_own[k] || index - b.first_own[k] >= count) return std::nullopt;
    return index - b.first_own[k];
}

std::size_t own_sql_size(const step_change& s) { return section_of(*s.rev, s.dir).sql.size(); }

}  // namespace

// Upgrades inside begin()'s transaction that write no bookkeeping of their own (it waits for the COMMIT)
// and keep the prepared statements. A section larger than a part goes in parts with its bookkeeping
// (apply_step()): the deferred rows would carry its SQL as a literal, sent a second time.
bool postgres_store::can_share_query(std::span<const step_change> steps) const {
    if (literal_only_ || !in_transaction_) return false;
    return std::all_of(steps.begin(), steps.end(), [&](const step_change& s) {
        const auto& own = section_of(*s.rev, s.dir).statements;
        return s.dir == direction::up && s.run_statements && own_sql_size(s) <= options_.part_bytes &&
               std::none_of(own.begin(), own.end(), [](const auto& st) { return may_deallocate(st.sql); });
    });
}

void postgres_store::apply_together(std::span<const step_change> steps, const step_done& done) {
    if (!can_share_query(steps)) return history_store::apply_together(steps, done);
    run_in_transaction(steps, done);
}

// A text the server rejected unrun (a syntax error past the first statement) is reported as it stands:
// its error aborted the transaction.
void postgres_store::run_in_transaction(std::span<const step_change> steps, const step_done& done) {
    const together_batch b = lay_out_together(steps, next_guard());
    batch_answers answers;
    answers.first_values.reserve(b.batch.starts.size());
    const unbounded_wait long_statements{conn_, true};
    try {
        if (!conn_.run_batch(b.batch, &answers)) throw pipeline_error(*answers.rejected);
    } catch (const pipeline_error& e) {
        const std::size_t k = step_of(b, e.index());
        if (const auto index = own_index(b, steps, e.index()))
            throw together_failure(statement_failure(e, &section_of(*steps[k].rev, direction::up).statements[*index],
                                                     *index),
                                   k);
        if (e.index() == b.guard) moved(e, "Nothing of this run was applied or recorded (--single-transaction).");
        throw together_failure(statement_failure(e, nullptr, 0), k);
    }
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const double seconds = seconds_between(b, answers, k);
        deferred_.add(steps[k], 1000 * seconds);
        done(k, seconds);
    }
}

}  // namespace retort
