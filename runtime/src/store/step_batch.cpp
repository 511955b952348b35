// A step as one Query text. The section goes in as written whenever its statements are slices of it with
// nothing but whitespace, comments and semicolons between them (what PostgreSQL would run is then exactly
// the statements), so that the history row can record it from the text the server received.
#include "store/step_batch.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace retort {

namespace {

// Skips one comment starting at `i` (PostgreSQL nests /* */ comments); returns npos when none starts there.
std::size_t skip_comment(std::string_view text, std::size_t i) {
    if (text.substr(i, 2) == "--") {
        // The text is normalised (no CR). find_first_of would look each byte up in the set: a 200 MB run of
        // comments took seconds.
        const std::size_t end = text.find('\n', i);
        return end == std::string_view::npos ? text.size() : end;
    }
    if (text.substr(i, 2) != "/*") return std::string_view::npos;
    int depth = 0;
    for (std::size_t j = i; j + 1 < text.size();) {
        if (text[j] == '/' && text[j + 1] == '*') {
            ++depth, j += 2;
        } else if (text[j] == '*' && text[j + 1] == '/') {
            j += 2;
            if (--depth == 0) return j;
        } else {
            ++j;
        }
    }
    return std::string_view::npos;  // unterminated: not a plain gap
}

// Whitespace, comments and semicolons only.
bool plain_gap(std::string_view gap) {
    for (std::size_t i = 0; i < gap.size();) {
        const char c = gap[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
            ++i;
            continue;
        }
        const std::size_t next = skip_comment(gap, i);
        if (next == std::string_view::npos) return false;
        i = next;
    }
    return true;
}

// Where each statement starts within `sec.sql` (bytes), when the section can be sent as written.
std::optional<std::vector<std::size_t>> offsets_in(const section& sec) {
    std::vector<std::size_t> at;
    at.reserve(sec.statements.size());
    const char* base = sec.sql.data();
    std::size_t end = 0;  // of the previous statement
    for (const auto& st : sec.statements) {
        if (st.sql.data() < base + end || st.sql.data() + st.sql.size() > base + sec.sql.size()) return std::nullopt;
        const auto from = static_cast<std::size_t>(st.sql.data() - base);
        if (!plain_gap(sec.sql.substr(end, from - end))) return std::nullopt;
        at.push_back(from);
        end = from + st.sql.size();
    }
    if (!plain_gap(sec.sql.substr(end))) return std::nullopt;
    return at;
}

class layout {
public:
    void add(std::string_view sql) {
        out_.batch.starts.push_back(out_.batch.text.size());
        out_.batch.text.append(sql).append("\n;\n");
    }

    // The section as written; returns where it stands (for the history row), or nothing when its
    // statements had to be sent one by one.
    std::optional<bookkeeping::sql_span> add_section(const section& sec) {
        if (auto at = offsets_in(sec)) return add_text(sec.sql, *at, 0);
        own(0, sec.statements.size());
        for (const auto& st : sec.statements) add(st.sql);
        return std::nullopt;
    }

    // `text` as written, whose own statements (the section's from `first`) start at `starts` within it.
    bookkeeping::sql_span add_text(std::string_view text, std::span<const std::size_t> starts, std::size_t first) {
        own(first, starts.size());
        const std::size_t base = out_.batch.text.size();
        for (std::size_t from : starts) out_.batch.starts.push_back(base + from);
        out_.batch.text.append(text).append("\n;\n");
        return bookkeeping::sql_span{base + 1, text.size()};
    }

    void add_guard(std::string_view sql) {
        out_.guard = out_.batch.starts.size();
        add(sql);
    }

    void reserve(std::size_t bytes) { out_.batch.text.reserve(bytes); }
    std::size_t count() const { return out_.batch.starts.size(); }
    std::size_t first_own() const { return out_.first_own; }
    step_batch take() { return std::move(out_); }

private:
    void own(std::size_t first_statement, std::size_t count) {
        out_.first_own = out_.batch.starts.size();
        out_.own_count = count;
        out_.first_statement = first_statement;
    }

    step_batch out_;
};

// The first place at or after `limit` in the plain gap text[pos, end) that is not inside a comment (the
// gap's end when there is none).
std::size_t cut_in_gap(std::string_view text, std::size_t pos, std::size_t end, std::size_t limit) {
    const std::string_view gap = text.substr(0, end);
    for (std::size_t i = pos; i < end;) {
        if (i >= limit) return i;
        const std::size_t next = skip_comment(gap, i);
        i = next == std::string_view::npos ? i + 1 : next;
    }
    return end;
}

// True when the statement's first word, case aside, is `word` (lower case).
bool starts_with_word(std::string_view sql, std::string_view word) {
    const std::size_t start = sql.find_first_not_of(" \t\r\n\f\v(");
    if (start == std::string_view::npos || sql.size() - start < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if ((sql[start + i] | 0x20) != word[i]) return false;
    return true;
}

// RESET ALL (or RESET of one of them) would clear the slices that the earlier parts of a step keep in
// settings: such a section goes in one part.
bool may_reset(const section& sec) {
    return std::any_of(sec.statements.begin(), sec.statements.end(),
                       [](const statement& st) { return starts_with_word(st.sql, "reset"); });
}

// Seconds since 1970 with microseconds, as text; the least a statement that reads the clock costs.
constexpr std::string_view clock_reading = "SELECT extract(epoch FROM clock_timestamp())";

}  // namespace

step_batch lay_out_step(const step_change& s, const bookkeeping& books, const step_batch_options& options) {
    return step_parts(s, books, options, static_cast<std::size_t>(-1)).next();
}

step_parts::step_parts(const step_change& s, const bookkeeping& books, const step_batch_options& options,
                       std::size_t part_bytes)
    : step_(s),
      books_(books),
      options_(options),
      part_bytes_(part_bytes) {
    const section& sec = section_of(*s.rev, s.dir);
    if (!s.run_statements || sec.sql.size() <= part_bytes || may_reset(sec)) return;
    if (auto at = offsets_in(sec)) starts_ = std::move(*at);
}

step_batch step_parts::next() {
    const section& sec = section_of(*step_.rev, step_.dir);
    const bool whole = !starts_;
    const std::size_t to = whole ? sec.sql.size() : cut_after(from_);
    const bool first = part_++ == 0;
    done_ = to == sec.sql.size();
    layout l;
    l.reserve((step_.run_statements ? to - from_ : 0) + 1024);
    if (first && options_.own_transaction) l.add("BEGIN");
    if (first && !options_.guard.empty()) l.add_guard(options_.guard);
    std::optional<bookkeeping::sql_span> sql_at;
    if (step_.run_statements && whole) sql_at = l.add_section(sec);
    if (step_.run_statements && !whole) {
        std::vector<std::size_t> own;
        for (; statement_ < starts_->size() && (*starts_)[statement_] < to; ++statement_)
            own.push_back((*starts_)[statement_] - from_);
        sql_at = l.add_text(sec.sql.substr(from_, to - from_), own, statement_ - own.size());
    }
    from_ = to;
    if (step_.dir != direction::up) sql_at.reset();
    if (!done_) {
        if (sql_at) l.add(books_.stash_sql(part_, *sql_at));
        return l.take();
    }
    // After the section, so that the server's view of the running Query (pg_stat_activity, which keeps
    // its first 1 kB, and retort's message about a lock holder) starts with the revision's own SQL.
    for (const auto& sql : options_.prepare) l.add(sql);
    for (const auto& sql : books_.execute_step(step_, options_.generation, sql_at, part_ - 1)) l.add(sql);
    if (options_.own_transaction) l.add("COMMIT");
    return l.take();
}

// Where the part that starts at `from` ends: after as many whole statements as fit in part_bytes (at
// least one), or inside the comments between two statements when those alone go past it.
std::size_t step_parts::cut_after(std::size_t from) const {
    const section& sec = section_of(*step_.rev, step_.dir);
    const std::string_view sql = sec.sql;
    const std::size_t limit = from + std::min(part_bytes_, sql.size() - from);
    std::size_t pos = from;
    for (std::size_t j = statement_; pos < limit;) {
        const std::size_t gap_end = j < starts_->size() ? (*starts_)[j] : sql.size();
        if (pos < gap_end) {
            if (gap_end > limit) return cut_in_gap(sql, pos, gap_end, limit);
            pos = gap_end;
            continue;
        }
        const std::size_t end = (*starts_)[j] + sec.statements[j].sql.size();
        if (end > limit && pos > from) return pos;
        pos = end;
        ++j;
    }
    return pos;
}

together_batch lay_out_together(std::span<const step_change> steps, std::string_view guard) {
    std::size_t bytes = guard.size() + 1024;
    for (const auto& s : steps) bytes += section_of(*s.rev, s.dir).sql.size() + clock_reading.size() + 8;
    layout l;
    l.reserve(bytes);
    together_batch out;
    if (!guard.empty()) {
        out.guard = l.count();
        l.add(guard);
    }
    out.readings.push_back(l.count());
    l.add(clock_reading);
    for (const auto& s : steps) {
        l.add_section(section_of(*s.rev, s.dir));
        out.first_own.push_back(l.first_own());
        out.readings.push_back(l.count());
        l.add(clock_reading);
    }
    out.batch = l.take().batch;
    return out;
}

bool may_deallocate(std::string_view sql) {
    return starts_with_word(sql, "deallocate") || starts_with_word(sql, "discard");
}

}  // namespace retort
