// The history store on PostgreSQL: each change is one round trip (BEGIN, its statements, its
// bookkeeping, COMMIT; a step's bookkeeping one EXECUTE of statements prepared once per session).
// Reading the state and the history is in postgres_store_read.cpp.
#include "store/postgres_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "core/checksum.hpp"
#include "core/concurrent_index.hpp"
#include "core/transaction_block.hpp"
#include "store/bookkeeping_errors.hpp"
#include "store/bookkeeping_schema.hpp"
#include "store/lock_session.hpp"
#include "store/step_batch.hpp"
#include "store/transaction.hpp"

namespace retort {

namespace {

std::string text_of(const std::optional<std::string>& v) { return v.value_or(""); }

std::vector<pipeline_statement> to_pipeline(const std::vector<std::string>& statements) {
    std::vector<pipeline_statement> out;
    out.reserve(statements.size());
    for (const auto& sql : statements) out.push_back({sql, {}});
    return out;
}

// The revision's or the seed's own statements that a change runs before its bookkeeping.
std::span<const statement> statements_of(const change& c) {
    if (const auto* s = std::get_if<step_change>(&c); s && s->run_statements)
        return section_of(*s->rev, s->dir).statements;
    if (const auto* s = std::get_if<seed_change>(&c)) return s->s->body.statements;
    return {};
}

// The lock and the backend it was claimed on; the store's guards stop with it.
class pg_lock final : public store_lock {
public:
    pg_lock(connection& conn, std::int64_t key, std::chrono::milliseconds timeout, const std::function<void()>& on_wait,
            std::optional<lock_session>& session)
        : guard_(conn, key, timeout, on_wait),
          session_(session) {}
    ~pg_lock() override { session_.reset(); }

private:
    advisory_lock_guard guard_;
    std::optional<lock_session>& session_;
};

}  // namespace

// The transaction of begin(), which apply() joins until it ends. Its upgrades leave their bookkeeping for
// the end, which writes it just before the COMMIT.
class postgres_store::open_transaction final : public store_transaction {
public:
    explicit open_transaction(postgres_store& store) : transaction_(store.conn_), store_(store) {
        store_.in_transaction_ = true;
        store_.transaction_guarded_ = false;
        store_.deferred_ = {};
    }
    ~open_transaction() override {
        store_.in_transaction_ = store_.transaction_guarded_ = false;
        store_.deferred_ = {};
    }
    void commit() override {
        store_.flush_deferred();
        transaction_.commit();
    }

private:
    pg_transaction transaction_;
    postgres_store& store_;
};

std::int64_t lock_key(std::string_view schema, std::string_view version_table) {
    checksum h = sha256(fmt::format("retort-lock-v1:{}.{}", schema, version_table));
    std::uint64_t key = 0;
    for (int i = 0; i < 8; ++i) key = (key << 8) | h.bytes[static_cast<std::size_t>(i)];
    return static_cast<std::int64_t>(key);
}

postgres_store::postgres_store(connection& conn, const store_config& config, postgres_options options)
    : conn_(conn),
      books_(config),
      options_(std::move(options)) {}

void postgres_store::ensure_tables(bool seeds) {
    std::vector<std::string> ddl = placed().create_tables();
    if (seeds) ddl.push_back(placed().create_seed_table());
    std::vector<pipeline_statement> batch;
    const std::size_t guard = add_guard(batch);
    for (const auto& sql : ddl) batch.push_back({sql, {}});
    try {
        conn_.run_pipeline(batch);
    } catch (const pipeline_error& e) {
        if (e.index() == guard) moved(e, "Nothing was changed by this run.");
        explain_bookkeeping_failure(conn_, books_, e, bookkeeping_action::create);
        throw;
    }
}

// Resolved once per run, so that a revision that creates a schema earlier on the search_path (the
// role's own "$user") cannot move the bookkeeping in the middle of a run or for the next one.
const bookkeeping& postgres_store::placed() {
    if (!placed_) {
        books_.place_in(resolve_bookkeeping_schema(conn_, books_));
        placed_ = true;
    }
    return books_;
}

// The key names the resolved schema, so that `--schema public` and no --schema take the same lock.
std::string postgres_store::version_schema() { return placed().table_schema(); }

std::unique_ptr<store_lock> postgres_store::hold_lock(const lock_wait& wait) {
    const std::int64_t key = lock_key(version_schema(), placed().version_table());
    std::unique_ptr<pg_lock> lock;
    try {
        lock = std::make_unique<pg_lock>(
            conn_, key, wait.timeout,
            [&] {
                if (wait.on_wait) wait.on_wait(lock_holder(key));
            },
            session_);
    } catch (const lock_timeout_error& e) {
        const std::string holder = lock_holder(key);
        throw lock_timeout_error(holder.empty() ? std::string(e.what()) : fmt::format("{}\n{}", e.what(), holder));
    }
    session_ = claim_lock_session(conn_, key);
    apply_server_limits();
    return lock;
}

// Each of retort's transactions under the lock starts with a proof that it runs on the lock's backend;
// the changes that join begin()'s transaction after the first one need none (a transaction never moves).
std::string_view postgres_store::next_guard() {
    if (!session_ || (in_transaction_ && transaction_guarded_)) return {};
    transaction_guarded_ = in_transaction_;
    return session_->guard;
}

std::size_t postgres_store::add_guard(std::vector<pipeline_statement>& batch) {
    const std::string_view guard = next_guard();
    if (guard.empty()) return std::numeric_limits<std::size_t>::max();
    batch.push_back({guard, {}});
    return batch.size() - 1;
}

void postgres_store::run_guarded(const std::vector<std::string>& statements, std::string_view outcome) {
    std::vector<pipeline_statement> batch;
    const std::size_t guard = add_guard(batch);
    for (const auto& sql : statements) batch.push_back({sql, {}});
    try {
        conn_.run_pipeline(batch);
    } catch (const pipeline_error& e) {
        if (e.index() == guard) moved(e, outcome);
        throw;
    }
}

void postgres_store::moved(const database_error& e, std::string_view outcome) {
    if (session_ && is_guard_failure(e))
        refuse_and_release(conn_, *session_,
                           fmt::format("a transaction of this run ran on another backend than {}", session_->pid),
                           outcome);
}

// PostgreSQL's own limits for the revisions' statements, set for this session only.
void postgres_store::apply_server_limits() {
    auto ms = [](std::chrono::milliseconds v) { return quote_literal(fmt::format("{}ms", v.count())); };
    if (options_.pg_lock_timeout)
        conn_.execute(fmt::format("SELECT set_config('lock_timeout', {}, false)", ms(*options_.pg_lock_timeout)));
    if (options_.pg_statement_timeout)
        conn_.execute(
            fmt::format("SELECT set_config('statement_timeout', {}, false)", ms(*options_.pg_statement_timeout)));
}

std::unique_ptr<store_transaction> postgres_store::begin() { return std::make_unique<open_transaction>(*this); }

void postgres_store::apply(const change& c) {
    if (const auto* s = std::get_if<step_change>(&c); s && apply_step(*s)) return;
    flush_deferred();  // the literal bookkeeping below moves the version rows as they stand
    const std::span<const statement> own = statements_of(c);
    const std::vector<std::string> books = placed().record(c);
    const bool alone = !in_transaction_;  // not inside begin()'s transaction: one of its own
    std::vector<pipeline_statement> batch;
    batch.reserve(own.size() + books.size() + 3);
    if (alone) batch.push_back({"BEGIN", {}});
    const std::size_t guard = add_guard(batch);
    const std::size_t first = batch.size();
    for (const auto& st : own) batch.push_back({st.sql, {}});
    for (const auto& sql : books) batch.push_back({sql, {}});
    if (alone) batch.push_back({"COMMIT", {}});
    std::optional<pg_transaction> transaction;
    if (alone) transaction.emplace(conn_, pg_transaction::start::in_pipeline);
    const unbounded_wait long_statements{conn_, !own.empty()};
    try {
        run_in_parts(batch);
    } catch (const pipeline_error& e) {
        if (e.index() >= first && e.index() - first < own.size())
            throw statement_failure(e, &own[e.index() - first], e.index() - first);
        transaction.reset();  // rolled back, so that the server can say what is wrong with retort's tables
        if (e.index() == guard) moved(e, "This change was rolled back; the changes before it stay applied.");
        if (alone) explain_bookkeeping_failure(conn_, books_, e, bookkeeping_action::write);
        throw statement_failure(e, nullptr, 0);
    }
    if (transaction) transaction->committed();
}

// A step as one Query whose text carries the section once (step_batch.hpp). False, having run nothing,
// when the server rejected that text unrun (a syntax error past its first statement: apply() then sends
// the statements one by one, which runs those before the bad one and names it) or when the step may
// deallocate the prepared statements. An upgrade inside begin()'s transaction runs as a group of one
// (postgres_together.cpp): its bookkeeping waits for the COMMIT.
bool postgres_store::apply_step(const step_change& s) {
    const std::span<const statement> own = section_of(*s.rev, s.dir).statements;
    if (literal_only_) return false;
    if (s.run_statements &&
        std::any_of(own.begin(), own.end(), [](const auto& st) { return may_deallocate(st.sql); })) {
        forget_prepared();  // gone before this step's EXECUTE could run: its bookkeeping goes as literals
        return false;
    }
    if (can_share_query({&s, 1})) {
        run_in_transaction({&s, 1}, [](std::size_t, double) {});
        return true;
    }
    flush_deferred();
    const bookkeeping& books = placed();
    const std::vector<std::string> prepare = prepared_ ? std::vector<std::string>{} : books.prepare_steps(generation_);
    step_parts parts(s, books, {prepare, !in_transaction_, generation_, next_guard()}, options_.part_bytes);
    std::optional<pg_transaction> transaction;
    if (!in_transaction_) transaction.emplace(conn_, pg_transaction::start::in_pipeline);
    const unbounded_wait long_statements{conn_, s.run_statements && !own.empty()};
    step_batch b;
    try {
        for (bool first = true; !parts.done(); first = false) {
            b = parts.next();
            batch_answers answers;
            if (conn_.run_batch(b.batch, &answers)) continue;
            // Inside a transaction (begin()'s, or this step's after its first part) the error aborted it:
            // nothing can be sent in its place.
            if (in_transaction_ || !first) throw pipeline_error(*answers.rejected);
            if (transaction) transaction->committed();  // nothing ran: there is nothing to roll back
            return false;
        }
    } catch (const pipeline_error& e) {
        if (!prepared_) ++generation_;  // whether its PREPAREs ran is not known: use new names
        if (e.sqlstate() == "26000" && transaction && prepared_) {
            // The prepared statements are gone though this session made them (a pooler in transaction
            // mode, or a DEALLOCATE outside retort). The step rolled back; send it again without them.
            literal_only_ = true;
            return false;
        }
        if (s.run_statements && e.index() >= b.first_own && e.index() - b.first_own < b.own_count) {
            const std::size_t index = b.first_statement + (e.index() - b.first_own);
            throw statement_failure(e, &own[index], index);
        }
        transaction.reset();  // rolled back, so that the server can say what is wrong with retort's tables
        if (e.index() == b.guard) moved(e, "This change was rolled back; the changes before it stay applied.");
        if (!in_transaction_) explain_bookkeeping_failure(conn_, books_, e, bookkeeping_action::write);
        throw statement_failure(e, nullptr, 0);
    }
    if (transaction) transaction->committed();
    prepared_ = true;
    return true;
}

// The rows that the upgrades of begin()'s transaction left for later, written now; a failure leaves the
// transaction aborted, to be rolled back.
void postgres_store::flush_deferred() {
    if (deferred_.empty()) return;
    placed().write_deferred(deferred_, [&](const std::string& sql) {
        try {
            conn_.run_pipeline(std::vector<pipeline_statement>{{sql, {}}});
        } catch (const pipeline_error& e) {
            throw statement_failure(e, nullptr, 0);
        }
    });
    deferred_ = {};
}

// A revision's DEALLOCATE or DISCARD ALL may remove the prepared statements: prepare new ones next time.
void postgres_store::forget_prepared() {
    prepared_ = false;
    ++generation_;
}

void postgres_store::advance(const revision& r, const progress& p) {
    switch (p.what) {
    case progress::kind::started:
        run_guarded(placed().record(r, p), "Nothing of this revision ran; the revisions before it stay applied.");
        break;
    case progress::kind::resumed:
        if (p.index < r.upgrade.statements.size()) {
            const unbounded_wait concurrent_drop{conn_, true};  // waits for every transaction on the table
            drop_invalid_index(r.upgrade.statements[p.index]);
        }
        break;
    case progress::kind::statement: run_statement(r, p); break;
    case progress::kind::failed:
        if (p.dir == direction::up) conn_.execute(placed().record_failed(r, p.index, p.line, p.error));
        break;
    }
}

// One statement of a non-transactional revision, then (going up) its progress row: together in one
// implicit transaction when the statement may run in one, so that the row says exactly whether it ran;
// else the statement alone, then the row.
void postgres_store::run_statement(const revision& r, const progress& p) {
    const statement& st = section_of(r, p.dir).statements.at(p.index);
    if (may_deallocate(st.sql)) forget_prepared();
    const std::vector<std::string> after = placed().record(r, p);
    const unbounded_wait long_statement{conn_, true};
    try {
        if (!after.empty() && may_run_in_transaction_block(st.sql) && run_with_progress(st, after)) return;
        conn_.run_pipeline(std::vector<pipeline_statement>{{st.sql, {}}});
    } catch (const pipeline_error& e) {
        if (e.index() > 0) throw statement_failure(e, nullptr, 0);
        throw statement_failure(e, &st, p.index, p.dir == direction::up ? invalid_index_advice(st) : std::string());
    }
    if (!after.empty())
        run_guarded(after,
                    "Its statement ran but is not recorded as done: check it before 'upgrade --resume', which runs "
                    "it again.");
}

// False, with nothing run, when the server refuses the statement inside a transaction block (25001).
bool postgres_store::run_with_progress(const statement& st, const std::vector<std::string>& after) {
    std::vector<pipeline_statement> batch{{st.sql, {}}};
    for (const auto& sql : after) batch.push_back({sql, {}});
    try {
        conn_.run_pipeline(batch);
    } catch (const pipeline_error& e) {
        if (e.index() == 0 && e.sqlstate() == "25001") return false;
        throw;
    }
    return true;
}

void postgres_store::log(const log_entry& e) {
    conn_.execute(placed().log(e.operation, e.revision, e.outcome, e.detail));
}

std::string postgres_store::recreate_schema() {
    std::string schema = version_schema();
    if (schema.empty()) throw state_error("there is no current schema to reset (search_path names none that exists)");
    auto r = conn_.query(fmt::format(
        "SELECT pg_get_userbyid(nspowner), coalesce(array_to_string(nspacl, ','), '') FROM pg_namespace WHERE "
        "nspname = {}",
        quote_literal(schema)));
    if (r.rows.empty()) throw state_error(fmt::format("schema {} does not exist; nothing to reset", schema));
    const std::string owner = text_of(r.rows.front().at(0)), acl = text_of(r.rows.front().at(1));
    std::vector<std::string> sql{"BEGIN", fmt::format("DROP SCHEMA {} CASCADE", quote_identifier(schema)),
                                 fmt::format("CREATE SCHEMA {} AUTHORIZATION {}", quote_identifier(schema),
                                             quote_identifier(owner))};
    // aclitem "=UC/owner": what PUBLIC may do (PostgreSQL 15 grants USAGE on public this way).
    for (std::size_t begin = 0; begin < acl.size();) {
        std::size_t end = std::min(acl.find(',', begin), acl.size());
        std::string_view item = std::string_view(acl).substr(begin, end - begin);
        begin = end + 1;
        if (!item.starts_with('=')) continue;
        std::string_view rights = item.substr(1, item.find('/') - 1);
        if (rights.find('U') != std::string_view::npos)
            sql.push_back(fmt::format("GRANT USAGE ON SCHEMA {} TO PUBLIC", quote_identifier(schema)));
        if (rights.find('C') != std::string_view::npos)
            sql.push_back(fmt::format("GRANT CREATE ON SCHEMA {} TO PUBLIC", quote_identifier(schema)));
    }
    sql.push_back("COMMIT");
    pg_transaction transaction(conn_, pg_transaction::start::in_pipeline);
    const unbounded_wait drop_waits_for_locks{conn_, true};
    conn_.run_pipeline(to_pipeline(sql));
    transaction.committed();
    return schema;
}

}  // namespace retort
