// The bookkeeping each change records, as statements in parts: the history row of an applied revision
// carries its whole upgrade section as a literal, which a script writes quoted as it goes rather than
// building (book_statement).
#include <fmt/format.h>

#include "core/checksum.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

std::string book_statement::joined() && {
    if (!literal) return std::move(sql);
    sql.reserve(sql.size() + literal->size() + after.size() + 8);
    quote_literal_to(*literal, [this](std::string_view part) { sql.append(part); });
    return std::move(sql) + after;
}

std::vector<book_statement> bookkeeping::record_parts(const change& c) const {
    std::vector<book_statement> out;
    auto add = [&](std::vector<std::string> more) {
        for (auto& sql : more) out.push_back({std::move(sql)});
    };
    if (const auto* s = std::get_if<step_change>(&c)) {
        const revision& r = *s->rev;
        out.push_back(s->dir == direction::up ? applied_parts(r) : book_statement{record_removed(r.id)});
        add(change_rows(s->rows_removed, s->rows_added));  // disjoint: exactly what goes and what comes
        out.push_back({log(operation_of(s->dir), r.id, "success", {})});
    } else if (const auto* st = std::get_if<stamp_change>(&c)) {
        if (st->purge) add(purge());
        for (const auto& r : st->revisions)
            out.push_back({r.applied ? record_stamped(*r.rev) : record_removed(r.rev->id)});
        add(change_rows(st->rows_before, st->rows_after));
        std::string detail;
        for (auto id : st->rows_after) detail += (detail.empty() ? "" : ",") + std::string(id);
        out.push_back({log("stamp", {}, "success", detail.empty() ? "base" : detail)});
    } else if (const auto* sd = std::get_if<seed_change>(&c)) {
        out.push_back({record_seed(*sd->s, sd->required_id)});
        out.push_back({log("seed", {}, "success", fmt::format("{} v1:{}", sd->s->name, sd->s->body.sum.hex()))});
    } else if (const auto* e = std::get_if<edit_change>(&c)) {
        out.push_back({record_accepted_edit(*e->rev)});
        out.push_back({log("accept-edit", e->rev->id, "accepted", e->detail)});
    }
    return out;
}

std::vector<book_statement> bookkeeping::record_parts(const revision& r, const progress& p) const {
    std::vector<book_statement> out;
    if (p.what == progress::kind::started) {
        out.push_back(in_progress_parts(r));
        out.push_back({log("upgrade", r.id, "started", "non-transactional")});
    } else if (p.what == progress::kind::statement && p.dir == direction::up) {
        out.push_back({record_progress(r, p.index + 1)});
    }
    return out;
}

namespace {

std::vector<std::string> joined(std::vector<book_statement> parts) {
    std::vector<std::string> out;
    out.reserve(parts.size());
    for (auto& p : parts) out.push_back(std::move(p).joined());
    return out;
}

}  // namespace

std::vector<std::string> bookkeeping::record(const change& c) const { return joined(record_parts(c)); }

std::vector<std::string> bookkeeping::record(const revision& r, const progress& p) const {
    return joined(record_parts(r, p));
}

book_statement bookkeeping::applied_parts(const revision& r) const {
    return {fmt::format("INSERT INTO {0} AS h {1}\n"
                        "VALUES ({2}, 'applied', {3}, {4}, {5}, now(), 1000 * extract(epoch FROM clock_timestamp() - "
                        "now()), {6}, ",
                        qualified(history_), applied_history_columns, quote_literal(r.id), checksum_algorithm_v1,
                        quote_literal(r.upgrade.sum.hex()), optional_checksum(r), quote_literal(retort_version_)),
            r.upgrade.sql, ")\n" + on_reapplied(duration_since_applied)};
}

std::string bookkeeping::record_applied(const revision& r) const { return applied_parts(r).joined(); }

book_statement bookkeeping::in_progress_parts(const revision& r) const {
    return {fmt::format("INSERT INTO {0} AS h (revision, status, checksum_algorithm, upgrade_checksum, "
                        "downgrade_checksum, retort_version, upgrade_sql, statement_index)\n"
                        "VALUES ({1}, 'in_progress', {2}, {3}, {4}, {5}, ",
                        qualified(history_), quote_literal(r.id), checksum_algorithm_v1,
                        quote_literal(r.upgrade.sum.hex()), optional_checksum(r), quote_literal(retort_version_)),
            r.upgrade.sql, ", 0)\nON CONFLICT (revision) DO UPDATE SET status = 'in_progress', error = NULL"};
}

std::string bookkeeping::record_in_progress(const revision& r) const { return in_progress_parts(r).joined(); }

}  // namespace retort
