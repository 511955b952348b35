// A change that goes statement by statement (a seed, a step whose bookkeeping is literal) reaches the
// server in Queries of about postgres_options::part_bytes each, so that a seed of hundreds of megabytes
// is never joined into one text by retort or copied whole into libpq's buffer.
#include <fmt/format.h>

#include <algorithm>

#include "store/postgres_store.hpp"

namespace retort {

namespace {

// Where the part that starts at statement `from` ends: as many statements as fit in `bytes`, at least one.
std::size_t part_end(std::span<const pipeline_statement> batch, std::size_t from, std::size_t bytes) {
    std::size_t to = from;
    for (std::size_t size = 0; to < batch.size() && (to == from || size + batch[to].sql.size() <= bytes); ++to)
        size += batch[to].sql.size();
    return to;
}

bool has_parameters(std::span<const pipeline_statement> part) {
    return std::any_of(part.begin(), part.end(), [](const pipeline_statement& s) { return !s.params.empty(); });
}

}  // namespace

// The first part goes through run_pipeline(), which runs a text the server rejected unrun (a syntax error)
// statement by statement, so that the bad one is named; that is right only while nothing ran before it.
// A later part's rejection has aborted the transaction: it is reported as the server gave it.
void postgres_store::run_in_parts(std::span<const pipeline_statement> batch) {
    for (std::size_t from = 0; from < batch.size();) {
        const std::size_t to = part_end(batch, from, options_.part_bytes);
        const auto part = batch.subspan(from, to - from);
        try {
            batch_answers answers;
            if ((from == 0 && !in_transaction_) || has_parameters(part))
                conn_.run_pipeline(part);
            else if (!conn_.run_batch(join_statements(part), &answers))
                throw pipeline_error(*answers.rejected);
        } catch (const pipeline_error& e) {
            if (from == 0) throw;
            throw pipeline_error(fmt::format("statement {} of {} failed: {}", from + e.index() + 1, batch.size(),
                                             describe_server_error(e.info())),
                                 e.info(), from + e.index());
        }
        from = to;
    }
}

}  // namespace retort
