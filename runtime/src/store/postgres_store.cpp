// The history store on PostgreSQL: each change is one round trip (BEGIN, its statements, its
// bookkeeping, COMMIT; a step's bookkeeping one EXECUTE of statements prepared once per session);
// reading the state is one query.
#include "store/postgres_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/checksum.hpp"
#include "core/concurrent_index.hpp"
#include "store/step_batch.hpp"
#include "store/transaction.hpp"

namespace retort {

namespace {

bool is_missing_table(const database_error& e) { return e.sqlstate() == "42P01" || e.sqlstate() == "3F000"; }

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

std::string text_of(const std::optional<std::string>& v) { return v.value_or(""); }

std::uint32_t to_u32(const std::optional<std::string>& v) { return static_cast<std::uint32_t>(std::stoul(text_of(v))); }

// One row of the state query (bookkeeping::state_query() says which kinds there are).
void read_state_row(const std::vector<std::optional<std::string>>& row, database_state& s) {
    const std::string kind = text_of(row.at(0));
    if (kind == "row")
        s.rows.push_back(text_of(row.at(1)));
    else if (kind == "unfinished")
        s.unfinished.push_back(
            {text_of(row.at(1)), text_of(row.at(2)) == "failed", to_u32(row.at(3)), to_u32(row.at(4))});
    else if (kind == "fingerprint")
        s.history_fingerprint = text_of(row.at(1));
}

class pg_lock final : public store_lock {
public:
    pg_lock(connection& conn, std::int64_t key, const lock_wait& wait)
        : guard_(conn, key, wait.timeout, wait.on_wait) {}

private:
    advisory_lock_guard guard_;
};

}  // namespace

// The transaction of begin(), which apply() joins until it ends.
class postgres_store::open_transaction final : public store_transaction {
public:
    open_transaction(connection& conn, bool& joined) : transaction_(conn), joined_(joined) { joined_ = true; }
    ~open_transaction() override { joined_ = false; }
    void commit() override { transaction_.commit(); }

private:
    pg_transaction transaction_;
    bool& joined_;
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

database_state postgres_store::read_state() {
    query_result r;
    try {
        r = conn_.query(books_.state_query());
    } catch (const database_error& e) {
        if (is_missing_table(e)) return {};
        throw;
    }
    database_state s;
    s.initialized = true;
    for (const auto& row : r.rows) read_state_row(row, s);
    std::sort(s.rows.begin(), s.rows.end());
    std::sort(s.unfinished.begin(), s.unfinished.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return s;
}

history postgres_store::read_history(const history_request& request) {
    history h;
    auto rows_of = [&](const std::string& sql) {
        try {
            return conn_.query(sql).rows;
        } catch (const database_error& e) {
            if (is_missing_table(e)) return decltype(query_result::rows){};
            throw;
        }
    };
    if (request.records)
        for (const auto& row : rows_of(books_.history_query()))
            h.records.push_back({text_of(row.at(0)), text_of(row.at(1)), std::stoi(text_of(row.at(2))),
                                 text_of(row.at(3)), text_of(row.at(4)), text_of(row.at(5)), text_of(row.at(6))});
    if (!request.executed_sql.empty())
        for (const auto& row : rows_of(books_.executed_sql_query(request.executed_sql)))
            h.executed_sql[text_of(row.at(0))] = text_of(row.at(1));
    if (request.seeds)
        for (const auto& row : rows_of(books_.seeds_query()))
            h.seeds.push_back({text_of(row.at(0)), text_of(row.at(1)), text_of(row.at(2)) == "t"});
    return h;
}

void postgres_store::ensure_tables(bool seeds) {
    std::vector<std::string> ddl = books_.create_tables();
    if (seeds) ddl.push_back(books_.create_seed_table());
    conn_.run_pipeline(to_pipeline(ddl));
}

// Without a configured schema the tables live in the session's current schema; the key names that
// schema, so that `--schema public` and no --schema take the same lock.
std::string postgres_store::version_schema() {
    if (!books_.schema().empty()) return books_.schema();
    return conn_.query("SELECT current_schema()").rows.at(0).at(0).value_or("");
}

std::unique_ptr<store_lock> postgres_store::hold_lock(const lock_wait& wait) {
    auto lock = std::make_unique<pg_lock>(conn_, lock_key(version_schema(), books_.version_table()), wait);
    apply_server_limits();
    return lock;
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

std::unique_ptr<store_transaction> postgres_store::begin() {
    return std::make_unique<open_transaction>(conn_, in_transaction_);
}

void postgres_store::apply(const change& c) {
    if (const auto* s = std::get_if<step_change>(&c); s && apply_step(*s)) return;
    const std::span<const statement> own = statements_of(c);
    const std::vector<std::string> books = books_.record(c);
    const bool alone = !in_transaction_;  // not inside begin()'s transaction: one of its own
    std::vector<pipeline_statement> batch;
    batch.reserve(own.size() + books.size() + 2);
    if (alone) batch.push_back({"BEGIN", {}});
    for (const auto& st : own) batch.push_back({st.sql, {}});
    for (const auto& sql : books) batch.push_back({sql, {}});
    if (alone) batch.push_back({"COMMIT", {}});
    std::optional<pg_transaction> transaction;
    if (alone) transaction.emplace(conn_, pg_transaction::start::in_pipeline);
    try {
        conn_.run_pipeline(batch);
    } catch (const pipeline_error& e) {
        const std::size_t first = alone ? 1 : 0;
        if (e.index() >= first && e.index() - first < own.size())
            throw statement_failure(e, &own[e.index() - first], e.index() - first);
        throw statement_failure(e, nullptr, 0);
    }
    if (transaction) transaction->committed();
}

// A step as one Query whose text carries the section once (step_batch.hpp). False, having run nothing,
// when the server rejected that text unrun (a syntax error past its first statement: apply() then sends
// the statements one by one, which runs those before the bad one and names it) or when the step may
// deallocate the prepared statements.
bool postgres_store::apply_step(const step_change& s) {
    const std::span<const statement> own = section_of(*s.rev, s.dir).statements;
    if (literal_only_) return false;
    if (s.run_statements &&
        std::any_of(own.begin(), own.end(), [](const auto& st) { return may_deallocate(st.sql); })) {
        forget_prepared();  // gone before this step's EXECUTE could run: its bookkeeping goes as literals
        return false;
    }
    const std::vector<std::string> prepare = prepared_ ? std::vector<std::string>{} : books_.prepare_steps(generation_);
    const step_batch b = lay_out_step(s, books_, {prepare, !in_transaction_, generation_});
    std::optional<pg_transaction> transaction;
    if (!in_transaction_) transaction.emplace(conn_, pg_transaction::start::in_pipeline);
    try {
        if (!conn_.run_batch(b.batch)) {
            if (transaction) transaction->committed();  // nothing ran: there is nothing to roll back
            return false;
        }
    } catch (const pipeline_error& e) {
        if (!prepared_) ++generation_;  // whether its PREPAREs ran is not known: use new names
        if (e.sqlstate() == "26000" && transaction && prepared_) {
            // The prepared statements are gone though this session made them: a pooler in transaction
            // mode gave this transaction another server session. It rolled back; send it again without them.
            literal_only_ = true;
            return false;
        }
        if (s.run_statements && e.index() >= b.first_own && e.index() - b.first_own < b.own_count)
            throw statement_failure(e, &own[e.index() - b.first_own], e.index() - b.first_own);
        throw statement_failure(e, nullptr, 0);
    }
    if (transaction) transaction->committed();
    prepared_ = true;
    return true;
}

// A revision's DEALLOCATE or DISCARD ALL may remove the prepared statements: prepare new ones next time.
void postgres_store::forget_prepared() {
    prepared_ = false;
    ++generation_;
}

void postgres_store::advance(const revision& r, const progress& p) {
    switch (p.what) {
    case progress::kind::started: conn_.run_pipeline(to_pipeline(books_.record(r, p))); break;
    case progress::kind::resumed:
        if (p.index < r.upgrade.statements.size()) drop_invalid_index(r.upgrade.statements[p.index]);
        break;
    case progress::kind::statement: run_statement(r, p); break;
    case progress::kind::failed:
        if (p.dir == direction::up) conn_.execute(books_.record_failed(r, p.index, p.line, p.error));
        break;
    }
}

// One statement of a non-transactional revision, alone, then (going up) its progress row.
void postgres_store::run_statement(const revision& r, const progress& p) {
    const statement& st = section_of(r, p.dir).statements.at(p.index);
    if (may_deallocate(st.sql)) forget_prepared();
    try {
        conn_.run_pipeline(std::vector<pipeline_statement>{{st.sql, {}}});
    } catch (const pipeline_error& e) {
        throw statement_failure(e, &st, p.index, p.dir == direction::up ? invalid_index_advice(st) : std::string());
    }
    if (auto after = books_.record(r, p); !after.empty()) conn_.run_pipeline(to_pipeline(after));
}

void postgres_store::log(const log_entry& e) {
    conn_.execute(books_.log(e.operation, e.revision, e.outcome, e.detail));
}

// An earlier concurrent index build that failed left an invalid index with the statement's index name;
// building it again would fail with "already exists" (or, with IF NOT EXISTS, keep the invalid one).
void postgres_store::drop_invalid_index(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    if (!name || !is_invalid_index(*name)) return;
    conn_.execute(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}", *name));
    if (options_.on_warning)
        options_.on_warning(
            fmt::format("dropped the invalid index {} that the failed build left behind; building it "
                        "again",
                        *name));
}

bool postgres_store::is_invalid_index(const std::string& name) {
    auto r = conn_.query(
        fmt::format("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass({})", quote_literal(name)));
    return !r.rows.empty() && r.rows.front().at(0).value_or("f") == "t";
}

std::string postgres_store::invalid_index_advice(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    try {
        if (!name || !is_invalid_index(*name)) return {};
    } catch (const database_error&) {
        // Advice on top of the failure being reported; a session too broken to answer must not
        // replace that failure with its own.
        return {};
    }
    return fmt::format(
        "PostgreSQL left the invalid index {} behind (a failed concurrent build cannot be rolled "
        "back); 'upgrade --resume' drops it and builds it again.",
        *name);
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
    conn_.run_pipeline(to_pipeline(sql));
    transaction.committed();
    return schema;
}

}  // namespace retort
