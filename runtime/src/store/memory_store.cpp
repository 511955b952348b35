// The memory store: the bookkeeping of bookkeeping_sql.cpp on plain containers, with the same
// transaction boundaries (a failed change leaves nothing behind).
#include "store/memory_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/checksum.hpp"

namespace retort {

namespace {

std::string downgrade_hex(const revision& r) { return r.downgrade ? r.downgrade->sum.hex() : std::string(); }

bool counts_as_applied(const history_record& h) { return h.status == "applied" || h.status == "stamped"; }

database_error missing_table(std::string_view what) {
    return database_error(fmt::format("42P01: relation \"{}\" does not exist", what),
                          {"42P01", fmt::format("relation \"{}\" does not exist", what), {}, {}, {}, 0});
}

class memory_lock final : public store_lock {
public:
    explicit memory_lock(bool& locked) : locked_(locked) { locked_ = true; }
    ~memory_lock() override { locked_ = false; }

private:
    bool& locked_;
};

}  // namespace

// What a transaction may have to undo: the tables' contents (what ran and the counters stay).
class memory_store::snapshot {
public:
    explicit snapshot(memory_database& db)
        : db_(db),
          tables_(db.tables),
          seed_table_(db.seed_table),
          rows_(db.rows),
          history_(db.history),
          seeds_(db.seeds),
          log_(db.log) {}
    snapshot(const snapshot&) = delete;
    snapshot& operator=(const snapshot&) = delete;
    ~snapshot() {
        if (!keep_) restore();
    }
    void keep() noexcept { keep_ = true; }

private:
    void restore() {
        db_.tables = tables_;
        db_.seed_table = seed_table_;
        db_.rows = std::move(rows_);
        db_.history = std::move(history_);
        db_.seeds = std::move(seeds_);
        db_.log = std::move(log_);
    }

    memory_database& db_;
    bool tables_, seed_table_;
    std::set<std::string> rows_;
    std::map<std::string, memory_database::history_row> history_;
    std::map<std::string, memory_database::seed_row> seeds_;
    std::vector<memory_database::log_row> log_;
    bool keep_ = false;
};

class memory_store::open_transaction final : public store_transaction {
public:
    explicit open_transaction(memory_store& s) : store_(s), undo_(s.db_) { store_.in_transaction_ = true; }
    ~open_transaction() override { store_.in_transaction_ = false; }
    void commit() override {
        ++store_.db_.round_trips;
        undo_.keep();
    }

private:
    memory_store& store_;
    snapshot undo_;
};

memory_store::memory_store(memory_database& db, const store_config& config, std::string user)
    : db_(db),
      config_(config),
      user_(std::move(user)) {}

long memory_store::transaction_time() { return in_transaction_ ? db_.clock : ++db_.clock; }

database_state memory_store::read_state() {
    ++db_.round_trips;
    database_state s;
    if (!db_.tables) return s;
    s.initialized = true;
    s.rows.assign(db_.rows.begin(), db_.rows.end());
    std::string applied;
    for (const auto& [id, row] : db_.history) {
        const history_record& h = row.record;
        if (h.status == "in_progress" || h.status == "failed")
            s.unfinished.push_back({id, h.status == "failed", row.statement_index.value_or(0), row.failed_line});
        if (counts_as_applied(h)) applied += fmt::format("{} {} {}\n", id, h.upgrade_checksum, h.downgrade_checksum);
    }
    s.history_fingerprint = sha256(applied).hex();
    return s;
}

history memory_store::read_history(const history_request& request) {
    history h;
    if (request.records) {
        ++db_.round_trips;
        for (const auto& [id, row] : db_.history) h.records.push_back(row.record);
    }
    if (!request.executed_sql.empty()) {
        ++db_.round_trips;
        for (auto id : request.executed_sql)
            if (auto row = db_.history.find(std::string(id)); row != db_.history.end())
                h.executed_sql[row->first] = row->second.upgrade_sql;
    }
    if (request.seeds) {
        ++db_.round_trips;
        for (const auto& [name, row] : db_.seeds) {
            auto required = db_.history.find(row.requires_revision);
            const bool reapplied = required != db_.history.end() && counts_as_applied(required->second.record) &&
                                   required->second.time > row.time;
            h.seeds.push_back({name, row.checksum, reapplied});
        }
    }
    return h;
}

void memory_store::ensure_tables(bool seeds) {
    ++db_.round_trips;
    db_.tables = true;
    db_.seed_table = db_.seed_table || seeds;
}

std::unique_ptr<store_lock> memory_store::hold_lock(const lock_wait& wait) {
    ++db_.round_trips;
    if (db_.locked) {
        if (wait.on_wait) wait.on_wait({});
        throw lock_timeout_error(
            fmt::format("timed out after {} ms waiting for the migration lock held by another "
                        "session",
                        wait.timeout.count()));
    }
    ++db_.locks_taken;
    if (db_.on_lock) db_.on_lock(db_);
    return std::make_unique<memory_lock>(db_.locked);
}

std::unique_ptr<store_transaction> memory_store::begin() {
    ++db_.round_trips;
    ++db_.clock;
    return std::make_unique<open_transaction>(*this);
}

// `statements` are those of a section from its statement `first_index` on.
void memory_store::run(std::span<const statement> statements, std::size_t first_index) {
    for (std::size_t i = 0; i < statements.size(); ++i) {
        db_.executed.emplace_back(statements[i].sql);
        if (!db_.fail) continue;
        if (auto report = db_.fail(statements[i].sql))
            throw statement_failure(database_error(report->sqlstate + ": " + report->message, *report), &statements[i],
                                    first_index + i);
    }
}

void memory_store::apply(const change& c) {
    ++db_.round_trips;
    transaction_time();
    std::optional<snapshot> undo;
    if (!in_transaction_) undo.emplace(db_);
    if (const auto* s = std::get_if<step_change>(&c); s && s->run_statements)
        run(section_of(*s->rev, s->dir).statements);
    if (const auto* s = std::get_if<seed_change>(&c)) run(s->s->body.statements);
    try {
        record(c);
    } catch (const database_error& e) {
        throw statement_failure(e, nullptr, 0);
    }
    if (undo) undo->keep();
}

void memory_store::record(const change& c) {
    if (!db_.tables) throw missing_table(config_.version_table);
    if (const auto* s = std::get_if<step_change>(&c)) return record_step(*s);
    if (const auto* s = std::get_if<stamp_change>(&c)) return record_stamp(*s);
    if (const auto* s = std::get_if<seed_change>(&c)) {
        if (!db_.seed_table) throw missing_table(config_.version_table + "_seeds");
        db_.seeds[std::string(s->s->name)] = {s->s->body.sum.hex(), std::string(s->required_id), db_.clock};
        return add_log("seed", {}, "success", fmt::format("{} v1:{}", s->s->name, s->s->body.sum.hex()));
    }
    const auto& e = std::get<edit_change>(c);
    if (auto row = db_.history.find(std::string(e.rev->id)); row != db_.history.end()) {
        row->second.record.checksum_algorithm = checksum_algorithm_v1;
        row->second.record.upgrade_checksum = e.rev->upgrade.sum.hex();
        row->second.record.downgrade_checksum = downgrade_hex(*e.rev);
    }
    add_log("accept-edit", e.rev->id, "accepted", e.detail);
}

void memory_store::record_step(const step_change& s) {
    if (s.dir == direction::up)
        upsert(*s.rev, "applied", true);
    else
        db_.history.erase(std::string(s.rev->id));
    change_rows(s.rows_removed, s.rows_added);
    add_log(s.dir == direction::up ? "upgrade" : "downgrade", s.rev->id, "success", {});
}

void memory_store::record_stamp(const stamp_change& s) {
    if (s.purge) {
        db_.rows.clear();
        db_.history.clear();
    }
    for (const auto& r : s.revisions) {
        if (r.applied)
            upsert(*r.rev, "stamped", false);
        else
            db_.history.erase(std::string(r.rev->id));
    }
    change_rows(s.rows_before, s.rows_after);
    std::string detail;
    for (auto id : s.rows_after) detail += (detail.empty() ? "" : ",") + std::string(id);
    add_log("stamp", {}, "success", detail.empty() ? "base" : detail);
}

// As record_applied() and record_stamped() do: a re-applied revision keeps the time it started.
void memory_store::upsert(const revision& r, std::string_view status, bool ran) {
    auto [row, inserted] = db_.history.try_emplace(std::string(r.id));
    auto& h = row->second;
    if (inserted || !ran) h.time = db_.clock;
    h.record = {std::string(r.id),
                std::string(status),
                checksum_algorithm_v1,
                r.upgrade.sum.hex(),
                downgrade_hex(r),
                std::to_string(h.time),
                user_};
    h.upgrade_sql = ran ? std::string(r.upgrade.sql) : std::string();
    h.statement_index.reset();
    h.failed_line = 0;
    h.error.clear();
}

void memory_store::change_rows(std::span<const std::string_view> before, std::span<const std::string_view> after) {
    for (auto id : before)
        if (std::find(after.begin(), after.end(), id) == after.end()) db_.rows.erase(std::string(id));
    for (auto id : after) db_.rows.insert(std::string(id));
}

void memory_store::add_log(std::string_view operation, std::string_view revision, std::string_view outcome,
                           std::string_view detail) {
    db_.log.push_back({std::string(operation), std::string(revision), std::string(outcome), std::string(detail)});
}

void memory_store::advance(const revision& r, const progress& p) {
    using kind = progress::kind;
    if (p.what == kind::resumed || (p.what == kind::failed && p.dir == direction::down)) return;
    ++db_.round_trips;
    transaction_time();
    if (!db_.tables) throw missing_table(config_.version_table + "_history");
    if (p.what == kind::statement) {
        run(std::span(&section_of(r, p.dir).statements.at(p.index), 1), p.index);
        if (p.dir == direction::down) return;
        ++db_.round_trips;
        if (auto row = db_.history.find(std::string(r.id)); row != db_.history.end())
            row->second.statement_index = p.index + 1;
        return;
    }
    if (p.what == kind::started) {
        auto [row, inserted] = db_.history.try_emplace(std::string(r.id));
        auto& h = row->second;
        if (inserted)
            h = {{std::string(r.id), "in_progress", checksum_algorithm_v1, r.upgrade.sum.hex(), downgrade_hex(r),
                  std::to_string(db_.clock), user_},
                 std::string(r.upgrade.sql),
                 0,
                 0,
                 {},
                 db_.clock};
        h.record.status = "in_progress";
        h.error.clear();
        return add_log("upgrade", r.id, "started", "non-transactional");
    }
    // An UPDATE of the row that `started` wrote: without one, nothing changes.
    auto row = db_.history.find(std::string(r.id));
    if (row == db_.history.end()) return;
    row->second.record.status = "failed";
    row->second.statement_index = p.index;
    row->second.failed_line = p.line;
    row->second.error = p.error;
}

void memory_store::log(const log_entry& e) {
    ++db_.round_trips;
    add_log(e.operation, e.revision, e.outcome, e.detail);
}

}  // namespace retort
