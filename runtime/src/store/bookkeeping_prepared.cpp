// The prepared statements of a step's bookkeeping: PREPAREd once per session, then one EXECUTE per
// step records its history row, moves its version row and logs it (step_batch.hpp lays them out).
#include <fmt/format.h>

#include <iterator>
#include <span>
#include <utility>

#include "core/checksum.hpp"
#include "core/sql_text.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

namespace {

// The bytes [from, from + length) (1-based) of the Query that runs this statement: current_query() is that
// whole text, in the client's encoding as it arrived.
std::string sql_in_query(std::string_view from, std::string_view length) {
    return fmt::format(
        "convert_from(substring(convert_to(current_query(), current_setting('client_encoding')) FROM {} FOR {}), "
        "current_setting('client_encoding'))",
        from, length);
}

// The setting that keeps part `part` of a step's SQL until its last part.
std::string stash_name(unsigned part) { return fmt::format("'retort.step_sql_{}'", part); }

// The history row of record_applied(), with the upgrade SQL either given ($6) or cut from the Query
// that runs this statement.
std::string history_upsert(std::string_view history, std::string_view version) {
    return fmt::format(
        "INSERT INTO {0} AS h {1}\n"
        "VALUES ($1, 'applied', {2}, $2, $3, now(), 1000 * extract(epoch FROM clock_timestamp() - now()), {3}, "
        "coalesce($6, {4}))\n{5}",
        history, applied_history_columns, checksum_algorithm_v1, version, sql_in_query("$4", "$5"),
        on_reapplied(duration_since_applied));
}

// The SQL of a step sent in parts: the slices the earlier parts kept, then this one's (array_to_string
// joins them in one pass; `||` would copy the text once per part).
std::string joined_sql(unsigned stashed, bookkeeping::sql_span last) {
    std::string out = "array_to_string(ARRAY[";
    for (unsigned part = 1; part <= stashed; ++part) out += fmt::format("current_setting({}), ", stash_name(part));
    return out + fmt::format("{}], '')", sql_in_query(std::to_string(last.from), std::to_string(last.length)));
}
// The upgrade SQL's three parameters ($4, $5, $6): where it stands in this Query, or joined from the
// step's parts, or (when it could not be sent as written) a literal.
std::string recorded_sql(const revision& r, std::optional<bookkeeping::sql_span> sql_at, unsigned stashed) {
    if (!sql_at) return fmt::format("NULL, NULL, {}", quote_literal(r.upgrade.sql));
    if (stashed == 0) return fmt::format("{}, {}, NULL", sql_at->from, sql_at->length);
    return fmt::format("NULL, NULL, {}", joined_sql(stashed, *sql_at));
}

}  // namespace

// retort_applied_N and retort_removed_N write a step's three rows.
std::vector<std::string> bookkeeping::prepare_steps(unsigned generation) const {
    const std::string version = quote_literal(retort_version_);
    const std::string log_row = fmt::format(
        "INSERT INTO {} (operation, revision, outcome, detail, retort_version) VALUES ('{{}}', $1, 'success', NULL, "
        "{})",
        qualified(log_), version);
    const std::string move_row = fmt::format("version AS (UPDATE {} SET version_num = {{}} WHERE version_num = {{}})",
                                             qualified(version_table_));
    const std::string history = history_upsert(qualified(history_), version);
    const char* const parameters = "(varchar, char(64), char(64), integer, integer, text, varchar, varchar)";
    return {fmt::format("PREPARE retort_applied_{} {} AS\nWITH history AS ({}),\n{}\n{}", generation, parameters,
                        history, fmt::format(fmt::runtime(move_row), "$8", "$7"),
                        fmt::format(fmt::runtime(log_row), "upgrade")),
            fmt::format("PREPARE retort_removed_{0} (varchar, varchar, varchar) AS\n"
                        "WITH history AS (DELETE FROM {1} WHERE revision = $1),\n{2}\n{3}",
                        generation, qualified(history_), fmt::format(fmt::runtime(move_row), "$3", "$2"),
                        fmt::format(fmt::runtime(log_row), "downgrade"))};
}

std::vector<std::string> bookkeeping::execute_step(const step_change& s, unsigned generation,
                                                   std::optional<sql_span> sql_at, unsigned stashed) const {
    const revision& r = *s.rev;
    const auto& removed = s.rows_removed;  // disjoint from rows_added
    const auto& added = s.rows_added;
    const bool one_for_one = removed.size() == 1 && added.size() == 1;
    const std::string rows = one_for_one
                                 ? fmt::format("{}, {}", quote_literal(removed.front()), quote_literal(added.front()))
                                 : std::string("NULL, NULL");
    std::vector<std::string> out;
    if (s.dir == direction::down) {
        out.push_back(fmt::format("EXECUTE retort_removed_{}({}, {})", generation, quote_literal(r.id), rows));
    } else {
        out.push_back(fmt::format("EXECUTE retort_applied_{}({}, {}, {}, {}, {})", generation, quote_literal(r.id),
                                  quote_literal(r.upgrade.sum.hex()), optional_checksum(r),
                                  recorded_sql(r, sql_at, stashed), rows));
    }
    if (!one_for_one) {
        auto more = change_rows(removed, added);
        std::move(more.begin(), more.end(), std::back_inserter(out));
    }
    return out;
}

std::string bookkeeping::stash_sql(unsigned part, sql_span at) const {
    // octet_length: the statement's answer is a number, not the slice sent back.
    return fmt::format("SELECT octet_length(set_config({}, {}, true))", stash_name(part),
                       sql_in_query(std::to_string(at.from), std::to_string(at.length)));
}

}  // namespace retort
