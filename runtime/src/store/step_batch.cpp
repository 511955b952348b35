// A step as one Query text. The section goes in as written whenever its statements are slices of it with
// nothing but whitespace, comments and semicolons between them (what PostgreSQL would run is then exactly
// the statements), so that the history row can record it from the text the server received.
#include "store/step_batch.hpp"

#include <optional>
#include <vector>

namespace retort {

namespace {

// Skips one comment starting at `i` (PostgreSQL nests /* */ comments); returns npos when none starts there.
std::size_t skip_comment(std::string_view text, std::size_t i) {
    if (text.substr(i, 2) == "--") {
        const std::size_t end = text.find_first_of("\r\n", i);
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
        out_.first_own = out_.batch.starts.size();
        out_.own_count = sec.statements.size();
        if (auto at = offsets_in(sec)) {
            const std::size_t base = out_.batch.text.size();
            for (std::size_t from : *at) out_.batch.starts.push_back(base + from);
            out_.batch.text.append(sec.sql).append("\n;\n");
            return bookkeeping::sql_span{base + 1, sec.sql.size()};
        }
        for (const auto& st : sec.statements) add(st.sql);
        return std::nullopt;
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
    step_batch out_;
};

// Seconds since 1970 with microseconds, as text; the least a statement that reads the clock costs.
constexpr std::string_view clock_reading = "SELECT extract(epoch FROM clock_timestamp())";

}  // namespace

step_batch lay_out_step(const step_change& s, const bookkeeping& books, const step_batch_options& options) {
    const section& sec = section_of(*s.rev, s.dir);
    layout l;
    l.reserve((s.run_statements ? sec.sql.size() : 0) + 1024);
    if (options.own_transaction) l.add("BEGIN");
    if (!options.guard.empty()) l.add_guard(options.guard);
    std::optional<bookkeeping::sql_span> sql_at;
    if (s.run_statements) sql_at = l.add_section(sec);
    if (s.dir != direction::up) sql_at.reset();
    // After the section, so that the server's view of the running Query (pg_stat_activity, which keeps
    // its first 1 kB, and retort's message about a lock holder) starts with the revision's own SQL.
    for (const auto& sql : options.prepare) l.add(sql);
    for (const auto& sql : books.execute_step(s, options.generation, sql_at)) l.add(sql);
    if (options.own_transaction) l.add("COMMIT");
    return l.take();
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
    const std::size_t start = sql.find_first_not_of(" \t\r\n\f\v(");
    if (start == std::string_view::npos) return false;
    auto starts_with_word = [&](std::string_view word) {
        if (sql.size() - start < word.size()) return false;
        for (std::size_t i = 0; i < word.size(); ++i)
            if ((sql[start + i] | 0x20) != word[i]) return false;
        return true;
    };
    return starts_with_word("deallocate") || starts_with_word("discard");
}

}  // namespace retort
