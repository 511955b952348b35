// The bookkeeping of the upgrades of one transaction (--single-transaction), written just before its
// COMMIT: their history rows, the version rows' net change and their log rows, a few statements in all.
#include <fmt/format.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/checksum.hpp"
#include "core/sql_text.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

namespace {

// Columns of rows as PostgreSQL array literals ('{"a","b",NULL}'), one per column: the server reads
// an array far faster than a VALUES list of the same rows (at 10,000 history rows about 90 ms of its
// time instead of 180, and the log rows 20 ms instead of 60).
class array_columns {
public:
    explicit array_columns(std::size_t count) : columns_(count, "{") {}

    void add(std::size_t column, std::optional<std::string_view> value) {
        std::string& out = next(column);
        if (!value) {
            out += "NULL";
            return;
        }
        out += '"';
        const char* p = value->data();
        const char* const end = p + value->size();
        for (const char* q = p; q != end; ++q) {
            if (*q != '"' && *q != '\\') continue;
            out.append(p, q).append(1, '\\');
            p = q;
        }
        out.append(p, end).append(1, '"');
    }
    void add_number(std::size_t column, double value) { next(column) += fmt::format("{:.3f}", value); }

    std::size_t bytes() const {
        std::size_t n = 0;
        for (const auto& c : columns_) n += c.size();
        return n;
    }
    bool empty() const { return columns_.front().size() == 1; }

    // unnest() of every column cast to its type, then cleared for the next statement.
    std::string unnest(std::initializer_list<std::string_view> types) {
        std::string out = "unnest(";
        std::size_t i = 0;
        for (std::string_view type : types) {
            columns_[i] += '}';
            out += fmt::format("{}{}::{}[]", i == 0 ? "" : ", ", quote_literal(columns_[i]), type);
            columns_[i] = "{";
            ++i;
        }
        return out + ")";
    }

private:
    // The column's text, ready for its next element.
    std::string& next(std::size_t column) {
        std::string& out = columns_[column];
        if (out.size() > 1) out += ',';
        return out;
    }

    std::vector<std::string> columns_;
};

}  // namespace

// The deferred steps' rows: history rows (as record_applied(), with the duration measured between the
// server's clock readings), the version rows' net change, log rows in the order the steps ran.
// Statements of about `part` bytes each, handed to `run` one at a time, so that 10,000 revisions' SQL
// is never held twice.
void bookkeeping::write_deferred(const deferred_rows& rows, const std::function<void(const std::string&)>& run,
                                 std::size_t part) const {
    const std::string version = quote_literal(retort_version_);
    array_columns history(5);  // revision, upgrade checksum, downgrade checksum, duration, SQL
    auto flush_history = [&] {
        if (history.empty()) return;
        run(
            fmt::format("INSERT INTO {} AS h {}\nSELECT x.r, 'applied', {}, x.u, x.d, now(), x.ms, {}, x.s FROM {} AS "
                        "x(r, u, d, ms, s)\n{}",
                        qualified(history_), applied_history_columns, checksum_algorithm_v1, version,
                        history.unnest({"text", "text", "text", "float8", "text"}),
                        on_reapplied("excluded.duration_ms")));
    };
    for (const auto& u : rows.upgraded) {
        const revision& r = *u.rev;
        history.add(0, r.id);
        history.add(1, r.upgrade.sum.hex());
        history.add(2, r.downgrade ? std::optional<std::string_view>(r.downgrade->sum.hex()) : std::nullopt);
        history.add_number(3, u.duration_ms);
        history.add(4, r.upgrade.sql);
        if (history.bytes() >= part) flush_history();
    }
    flush_history();
    std::vector<std::string_view> removed(rows.removed.begin(), rows.removed.end());
    std::vector<std::string_view> added(rows.added.begin(), rows.added.end());
    for (const auto& statement : change_rows(removed, added)) run(statement);
    array_columns log(1);
    auto flush_log = [&] {
        if (log.empty()) return;
        run(
            fmt::format("INSERT INTO {} (operation, revision, outcome, detail, retort_version)\nSELECT 'upgrade', x.r, "
                        "'success', NULL, {} FROM {} WITH ORDINALITY AS x(r, n) ORDER BY x.n",
                        qualified(log_), version, log.unnest({"text"})));
    };
    for (const auto& u : rows.upgraded) {
        log.add(0, u.rev->id);
        if (log.bytes() >= part) flush_log();
    }
    flush_log();
}

}  // namespace retort
