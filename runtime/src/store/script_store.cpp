// Writes what the PostgreSQL store would send, as a script for psql.
#include "store/script_store.hpp"

#include <algorithm>

#include "retort/error.hpp"

namespace retort {

namespace {

class no_lock final : public store_lock {};

}  // namespace

class script_store::open_transaction final : public store_transaction {
public:
    explicit open_transaction(script_store& s) : store_(s) { store_.in_transaction_ = true; }
    ~open_transaction() override { store_.in_transaction_ = false; }
    // A script cannot roll back: a failure while writing it leaves no script at all.
    void commit() override { store_.write("COMMIT"); }

private:
    script_store& store_;
};

script_store::script_store(const store_config& config, std::string header, std::vector<std::string> start_rows)
    : books_(config),
      text_(std::move(header)),
      start_(text_.size()),
      start_rows_(std::move(start_rows)) {
    std::sort(start_rows_.begin(), start_rows_.end());
}

database_state script_store::read_state() {
    database_state s;
    s.initialized = tables_;
    if (tables_) s.rows = start_rows_;
    return s;
}

history script_store::read_history(const history_request&) { return {}; }

void script_store::ensure_tables(bool seeds) {
    for (const auto& sql : books_.create_tables()) write(sql);
    if (seeds) write(books_.create_seed_table());
    if (auto path = books_.set_search_path(); !path.empty()) write(path);
    tables_ = true;
}

std::unique_ptr<store_lock> script_store::hold_lock(const lock_wait&) { return std::make_unique<no_lock>(); }

std::unique_ptr<store_transaction> script_store::begin() {
    if (handed_over_ || !spill_.empty())
        throw error("internal: a script's transaction must begin before any of it is handed over");
    text_.insert(start_, "BEGIN;\n\n");
    return std::make_unique<open_transaction>(*this);
}

void script_store::apply(const change& c) {
    std::span<const statement> own;
    const auto* s = std::get_if<step_change>(&c);
    if (s) {
        comment_once(*s->rev, s->dir);
        if (s->run_statements) own = section_of(*s->rev, s->dir).statements;
    } else if (const auto* sd = std::get_if<seed_change>(&c)) {
        own = sd->s->body.statements;
    }
    if (!in_transaction_) write("BEGIN");
    for (const auto& st : own) write(st.sql);
    for (const auto& sql : books_.record_parts(c)) write_parts(sql);
    if (s && s->dir == direction::down && s->leaves_no_rows) write(books_.drop_version_table());
    if (!in_transaction_) write("COMMIT");
    hand_over();
}

void script_store::stream_to(std::function<void(std::string_view)> sink, std::size_t spill_at) {
    sink_ = std::move(sink);
    spill_at_ = spill_at;
    text_.reserve(text_.size() + (128 << 10));
}

void script_store::hand_over() {
    constexpr std::size_t part = 64 << 10;
    if (!sink_) return;
    if (!spill_.empty()) {
        spill_.write(text_);
        text_.clear();
        spill_.drain(sink_);
        handed_over_ = true;
        return;
    }
    if (text_.size() < part) return;
    sink_(text_);
    text_.clear();
    handed_over_ = true;
}

std::string script_store::release() {
    if (!spill_.empty()) {
        spill_.drain(sink_);
        handed_over_ = true;
    }
    return std::move(text_);
}

void script_store::put(std::string_view text) {
    if (sink_ && text_.size() + text.size() > spill_at_) {
        spill_.write(text_);
        text_.clear();
        // A long statement or run of a literal goes straight to the file, without a copy in memory.
        if (text.size() > spill_at_) return spill_.write(text);
    }
    text_ += text;
}

void script_store::advance(const revision& r, const progress& p) {
    if (p.what != progress::kind::started && p.what != progress::kind::statement) return;
    comment_once(r, p.dir);
    if (p.what == progress::kind::statement) write(section_of(r, p.dir).statements.at(p.index).sql);
    for (const auto& sql : books_.record_parts(r, p)) write_parts(sql);
}

void script_store::log(const log_entry& e) { write(books_.log(e.operation, e.revision, e.outcome, e.detail)); }

// A statement as psql reads it: ending with ';', then a blank line.
void script_store::write(std::string_view sql) {
    put(sql);
    put(sql.ends_with(';') ? "\n\n" : ";\n\n");
}

void script_store::write_parts(const book_statement& s) {
    if (!s.literal) return write(s.sql);
    put(s.sql);
    quote_literal_to(*s.literal, [this](std::string_view part) { put(part); });
    put(s.after);
    put(s.after.ends_with(';') ? "\n\n" : ";\n\n");
}

void script_store::comment_once(const revision& r, direction dir) {
    if (commented_ == &r) return;
    commented_ = &r;
    // Alembic's comment (`-- Running upgrade a1 -> a2`), then where the revision comes from.
    std::string parents;
    for (auto p : r.parents) parents += (parents.empty() ? "" : ", ") + std::string(p);
    if (parents.empty()) parents = "<base>";
    std::string id(r.id);
    bool up = dir == direction::up;
    put("-- Running " + std::string(operation_of(dir)) + " " + (up ? parents : id) + " -> " + (up ? id : parents));
    put("\n-- " + std::string(r.file) + ": " + std::string(r.message) + "\n\n");
}

}  // namespace retort
