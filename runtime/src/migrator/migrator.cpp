// Runs plans against PostgreSQL: one query when there is nothing to do; otherwise lock, re-read, run.
#include "retort/migrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "retort/checksum.hpp"
#include "retort/concurrent_index.hpp"
#include "retort/sql_lexer.hpp"
#include "retort/target.hpp"

namespace retort {

namespace {

using clock = std::chrono::steady_clock;

bool is_missing_table(const database_error& e) { return e.sqlstate() == "42P01" || e.sqlstate() == "3F000"; }

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        auto end = text.find(sep, start);
        out.emplace_back(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

std::vector<pipeline_statement> to_pipeline(const batch& b) {
    std::vector<pipeline_statement> out;
    out.reserve(b.statements.size());
    for (const auto& st : b.statements) out.push_back({st.text(), {}});
    return out;
}

std::string describe_unfinished(const graph& g, const std::vector<unfinished_revision>& unfinished) {
    std::string out;
    for (const auto& u : unfinished) {
        auto i = g.find(u.id);
        std::string file = i ? std::string(g.at(*i).file) : std::string("(unknown file)");
        out += fmt::format("\n  revision {} is {} ({}:{}, statement {})", u.id,
                           u.failed ? "marked failed" : "still in progress", file, u.line, u.next_statement + 1);
    }
    return out;
}

// The state query lists unfinished revisions as "id status statement_index line", comma-separated.
std::vector<unfinished_revision> parse_unfinished(std::string_view text) {
    std::vector<unfinished_revision> out;
    for (const auto& item : split(text, ',')) {
        auto parts = split(item, ' ');
        if (parts.size() != 4) throw error("unexpected unfinished-revision record '" + item + "' in the history table");
        out.push_back({parts[0], parts[1] == "failed", std::stoul(parts[2]),
                       static_cast<std::uint32_t>(std::stoul(parts[3]))});
    }
    return out;
}

}  // namespace

std::int64_t lock_key(std::string_view schema, std::string_view version_table) {
    checksum h = sha256(fmt::format("retort-lock-v1:{}.{}", schema, version_table));
    std::uint64_t key = 0;
    for (int i = 0; i < 8; ++i) key = (key << 8) | h.bytes[static_cast<std::size_t>(i)];
    return static_cast<std::int64_t>(key);
}

migrator::migrator(const catalog& c, connection& conn, migrate_options options, std::string retort_version)
    : catalog_(c),
      conn_(conn),
      options_(std::move(options)),
      books_(options_.schema, c.version_table, std::move(retort_version)) {}

// Without --schema the tables live in the session's current schema; the key names that schema, so
// that `--schema public` and no --schema take the same lock.
std::string migrator::version_schema() {
    if (!options_.schema.empty()) return options_.schema;
    return conn_.query("SELECT current_schema()").rows.at(0).at(0).value_or("");
}

std::unique_ptr<advisory_lock_guard> migrator::take_lock() {
    std::string schema = version_schema();
    return std::make_unique<advisory_lock_guard>(conn_, lock_key(schema, books_.version_table()),
                                                 options_.lock_timeout, [&] {
                                                     if (options_.on_waiting)
                                                         options_.on_waiting("waiting for the migration lock");
                                                 });
}

database_state migrator::read_state() {
    database_state s;
    query_result r;
    try {
        r = conn_.query(books_.state_query());
    } catch (const database_error& e) {
        if (is_missing_table(e)) return s;
        throw;
    }
    s.initialized = true;
    const auto& row = r.rows.at(0);
    s.rows = split(row.at(0).value_or(""), ',');
    s.unfinished = parse_unfinished(row.at(1).value_or(""));
    s.history_fingerprint = row.at(2).value_or("");
    try {
        s.applied = state_from_rows(catalog_.revisions, s.rows);
    } catch (const state_error&) {
        // Unknown rows: left for the caller, which reports them with context.
    }
    return s;
}

// PostgreSQL's own limits for the revisions' statements, set for this session only.
void migrator::apply_server_limits() {
    auto ms = [](std::chrono::milliseconds v) { return quote_literal(fmt::format("{}ms", v.count())); };
    if (options_.pg_lock_timeout)
        conn_.execute(fmt::format("SELECT set_config('lock_timeout', {}, false)", ms(*options_.pg_lock_timeout)));
    if (options_.pg_statement_timeout)
        conn_.execute(
            fmt::format("SELECT set_config('statement_timeout', {}, false)", ms(*options_.pg_statement_timeout)));
}

// An earlier concurrent index build that failed left an invalid index with the statement's index name;
// building it again would fail with "already exists" (or, with IF NOT EXISTS, keep the invalid one).
void migrator::drop_invalid_index(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    if (!name || !is_invalid_index(*name)) return;
    conn_.execute(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}", *name));
    if (options_.on_warning)
        options_.on_warning(fmt::format("dropped the invalid index {} that the failed build left behind; building it "
                                        "again",
                                        *name));
}

bool migrator::is_invalid_index(const std::string& name) {
    auto r = conn_.query(fmt::format("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass({})",
                                     quote_literal(name)));
    return !r.rows.empty() && r.rows.front().at(0).value_or("f") == "t";
}

// Creates retort's tables when they are missing (under the lock, so concurrent first runs do not race).
void migrator::ensure_tables() {
    std::vector<pipeline_statement> ddl;
    auto create = books_.create_tables();
    for (const auto& sql : create) ddl.push_back({sql, {}});
    conn_.run_pipeline(ddl);
}

// Under the lock: make sure the tables exist, then read the state again (another process may have
// migrated while we waited) and refuse to go on over unknown or unfinished revisions.
database_state migrator::locked_state() {
    ensure_tables();
    database_state s = read_state();
    const graph& g = catalog_.revisions;
    enforce(verify(s));
    if (!s.unfinished.empty() && !options_.resume)
        throw unfinished_revision_error(fmt::format(
            "a non-transactional revision did not finish:{}\nIts finished statements stay applied; nothing was "
            "changed now. Fix the cause, then run 'upgrade --resume' to continue from the failed statement, or "
            "'stamp' the revision if you completed it by hand.",
            describe_unfinished(g, s.unfinished)));
    return s;
}

std::vector<history_record> migrator::read_history() {
    std::vector<history_record> out;
    for (const auto& row : conn_.query(books_.history_query()).rows) {
        auto text = [&](std::size_t i) { return row.at(i).value_or(""); };
        out.push_back({text(0), text(1), std::stoi(text(2)), text(3), text(4), text(5), text(6)});
    }
    return out;
}

// The fingerprint from the state query settles the common case; only a mismatch reads the history.
integrity_report migrator::verify(const database_state& s) {
    if (!s.initialized) return {};
    const graph& g = catalog_.revisions;
    const bool unfinished_known = std::all_of(s.unfinished.begin(), s.unfinished.end(),
                                              [&](const unfinished_revision& u) { return g.find(u.id).has_value(); });
    if (s.applied && unfinished_known && applied_fingerprint(g, s.applied->applied) == s.history_fingerprint) return {};
    return compare_history(g, s.rows, s.applied ? s.applied->applied : std::vector<bool>{}, read_history());
}

// Unknown revisions and edited upgrades refuse the run (edits only warn with warn_on_edit); an edited
// downgrade is reported and does not block.
void migrator::enforce(const integrity_report& report) {
    const graph& g = catalog_.revisions;
    const bool refuse = !report.unknown.empty() || (report.blocks_migrations() && !options_.warn_on_edit);
    if (refuse)
        throw integrity_error(
            fmt::format("refusing to migrate: the database does not match this binary; nothing was changed:{}",
                        describe_blocking(g, report)),
            report);
    if (options_.on_warning)
        for (const auto& e : report.edited) options_.on_warning(describe_edit(g, e));
}

check_report migrator::check() {
    const graph& g = catalog_.revisions;
    check_report out;
    out.state = read_state();
    out.integrity = verify(out.state);
    if (out.state.initialized && !out.state.applied) return out;
    applied_state applied = out.state.applied.value_or(applied_state{{}, std::vector<bool>(g.size(), false)});
    for (const auto& s : plan_upgrade(g, applied, resolved_target{g.heads(), false, {}}))
        out.pending.push_back(s.revision);
    if (out.integrity.edited.empty()) return out;
    // One query for every edited revision's executed SQL, read only when there is a diff to show.
    std::vector<std::string_view> ids;
    for (const auto& e : out.integrity.edited) ids.push_back(g.at(e.revision).id);
    std::map<std::string, std::string, std::less<>> sql;
    for (const auto& row : conn_.query(books_.executed_sql_query(ids)).rows)
        sql[row.at(0).value_or("")] = row.at(1).value_or("");
    for (auto id : ids) {
        auto found = sql.find(id);
        out.executed_sql.push_back(found == sql.end() ? std::string() : found->second);
    }
    return out;
}

std::string migrator::accept_edit(std::string_view id, std::string_view reason) {
    const graph& g = catalog_.revisions;
    if (reason.empty()) throw usage_error("accept-edit needs a reason (--reason TEXT); it is written to the log");
    rev_index i = resolve_revision(g, id);
    const revision& r = g.at(i);
    auto lock = take_lock();
    ensure_tables();
    database_state s = read_state();
    auto report = compare_history(g, s.rows, s.applied ? s.applied->applied : std::vector<bool>{}, read_history());
    auto edited = std::find_if(report.edited.begin(), report.edited.end(),
                               [&](const edited_revision& e) { return e.revision == i; });
    if (edited == report.edited.end()) {
        if (!s.applied || !s.applied->applied[i])
            throw state_error(fmt::format("revision {} ({}) is not applied to this database; there is no edit to "
                                          "accept",
                                          r.id, r.file));
        throw state_error(fmt::format("revision {} ({}) is not edited: the recorded checksums match this binary; "
                                      "nothing to accept",
                                      r.id, r.file));
    }
    const history_record& old = edited->recorded;
    auto or_none = [](const std::string& hex) { return hex.empty() ? std::string("none") : "v1:" + hex; };
    std::string detail = fmt::format(
        "upgrade checksum v{}:{} -> v{}:{}; downgrade checksum {} -> {}; reason: {}", old.checksum_algorithm,
        old.upgrade_checksum, checksum_algorithm_v1, r.upgrade.sum.hex(), or_none(old.downgrade_checksum),
        or_none(r.downgrade ? r.downgrade->sum.hex() : std::string()), reason);
    run_in_transaction({books_.record_accepted_edit(r), books_.log("accept-edit", r.id, "accepted", detail)});
    return std::string(r.id);
}

// One round trip: BEGIN, the statements, COMMIT; a failure rolls everything back.
void migrator::run_in_transaction(const std::vector<std::string>& statements) {
    std::vector<pipeline_statement> batch{{"BEGIN", {}}};
    for (const auto& st : statements) batch.push_back({st, {}});
    batch.push_back({"COMMIT", {}});
    try {
        conn_.run_pipeline(batch);
    } catch (const pipeline_error&) {
        try {
            conn_.execute("ROLLBACK");
        } catch (const error&) {
        }
        throw;
    }
}

std::string migrator::drop_schema() {
    auto lock = take_lock();
    std::string schema = version_schema();
    if (schema.empty()) throw state_error("there is no current schema to reset (search_path names none that exists)");
    auto r = conn_.query(fmt::format(
        "SELECT pg_get_userbyid(nspowner), coalesce(array_to_string(nspacl, ','), '') FROM pg_namespace WHERE "
        "nspname = {}",
        quote_literal(schema)));
    if (r.rows.empty()) throw state_error(fmt::format("schema {} does not exist; nothing to reset", schema));
    std::string owner = r.rows.front().at(0).value_or(""), acl = r.rows.front().at(1).value_or("");
    std::vector<std::string> sql{fmt::format("DROP SCHEMA {} CASCADE", quote_identifier(schema)),
                                 fmt::format("CREATE SCHEMA {} AUTHORIZATION {}", quote_identifier(schema),
                                             quote_identifier(owner))};
    // aclitem "=UC/owner": what PUBLIC may do (PostgreSQL 15 grants USAGE on public this way).
    for (const auto& item : split(acl, ',')) {
        if (!item.starts_with('=')) continue;
        std::string rights = item.substr(1, item.find('/') - 1);
        if (rights.find('U') != std::string::npos)
            sql.push_back(fmt::format("GRANT USAGE ON SCHEMA {} TO PUBLIC", quote_identifier(schema)));
        if (rights.find('C') != std::string::npos)
            sql.push_back(fmt::format("GRANT CREATE ON SCHEMA {} TO PUBLIC", quote_identifier(schema)));
    }
    run_in_transaction(sql);
    return schema;
}

run_report migrator::upgrade(std::span<const std::string> targets) {
    database_state fast = read_state();
    if (fast.initialized && fast.applied && fast.unfinished.empty()) {
        const graph& g = catalog_.revisions;
        auto target = resolve_targets(g, targets, fast.applied->rows, direction::up);
        if (plan_upgrade(g, *fast.applied, target).empty()) {
            enforce(verify(fast));
            return {{}, {}, fast.applied->rows, fast.applied->rows};
        }
    }
    return locked_run(targets, direction::up);
}

run_report migrator::downgrade(std::span<const std::string> targets) { return locked_run(targets, direction::down); }

// Under the lock, the state is read again: another process may have migrated while this one waited.
run_report migrator::locked_run(std::span<const std::string> targets, direction dir) {
    const graph& g = catalog_.revisions;
    auto lock = take_lock();
    apply_server_limits();
    database_state state = locked_state();
    const applied_state& applied = *state.applied;
    run_report report{{}, {}, applied.rows, applied.rows};
    auto target = resolve_targets(g, targets, applied.rows, dir);
    auto steps = dir == direction::up ? plan_upgrade(g, applied, target) : plan_downgrade(g, applied, target);
    run_steps(std::move(steps), state.unfinished, report);
    return report;
}

run_report migrator::stamp(std::span<const std::string> targets, bool purge) {
    const graph& g = catalog_.revisions;
    auto lock = take_lock();
    ensure_tables();
    database_state s = read_state();
    applied_state before = purge ? applied_state{{}, std::vector<bool>(g.size(), false)} : state_from_rows(g, s.rows);
    auto target = resolve_targets(g, targets, before.rows, direction::up);
    auto rows_after = plan_stamp(g, before, target, purge);
    batch b = stamp_batch(g, books_, before, rows_after, purge);
    conn_.run_pipeline(to_pipeline(b));
    return {{}, {}, before.rows, rows_after};
}

void migrator::run_steps(std::vector<step> steps, const std::vector<unfinished_revision>& unfinished,
                         run_report& report) {
    const graph& g = catalog_.revisions;
    auto mode = options_.single_transaction ? transaction_mode::single : transaction_mode::per_revision;
    if (mode == transaction_mode::single) {
        for (const auto& s : steps)
            if (!g.at(s.revision).transactional)
                throw state_error(fmt::format("revision {} ({}) is 'Transactional: false' and cannot run inside "
                                              "--single-transaction; nothing was changed. Run without "
                                              "--single-transaction",
                                              g.at(s.revision).id, g.at(s.revision).file));
        conn_.execute("BEGIN");
    }
    try {
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const step& s = steps[i];
            // --resume continues an unfinished revision where its history row says it stopped.
            std::size_t resume_from = 0;
            if (s.dir == direction::up)
                for (const auto& u : unfinished)
                    if (u.id == g.at(s.revision).id) {
                        resume_from = u.next_statement;
                        const auto& statements = g.at(s.revision).upgrade.statements;
                        if (resume_from < statements.size()) drop_invalid_index(statements[resume_from]);
                    }
            auto start = clock::now();
            run_batches(s, step_batches(g, books_, s, mode, resume_from));
            double seconds = std::chrono::duration<double>(clock::now() - start).count();
            report.steps.push_back(s);
            report.seconds.push_back(seconds);
            report.rows_after = s.rows_after;
            if (options_.on_step && mode == transaction_mode::per_revision) options_.on_step(s, seconds);
        }
        if (mode == transaction_mode::single) {
            conn_.execute("COMMIT");
            if (options_.on_step)
                for (std::size_t i = 0; i < report.steps.size(); ++i) options_.on_step(report.steps[i], report.seconds[i]);
        }
    } catch (...) {
        if (mode == transaction_mode::single) {
            try {
                conn_.execute("ROLLBACK");
            } catch (const error&) {
            }
            report.steps.clear();
        }
        throw;
    }
}

void migrator::run_batches(const step& s, const std::vector<batch>& batches) {
    for (const auto& b : batches) {
        try {
            conn_.run_pipeline(to_pipeline(b));
        } catch (const pipeline_error& e) {
            if (b.transaction) {
                try {
                    conn_.execute("ROLLBACK");
                } catch (const error&) {
                }
            }
            fail_statement(s, b.statements.at(e.index()), e);
        }
    }
}

// Which server limit stopped the statement, and the option that sets it.
std::string migrator::timeout_advice(const std::string& sqlstate) const {
    if (sqlstate == "55P03")
        return options_.pg_lock_timeout
                   ? fmt::format("\nThe statement waited longer than --pg-lock-timeout ({} ms) for a lock another "
                                 "session holds; run again when that session is done, or raise the limit.",
                                 options_.pg_lock_timeout->count())
                   : std::string("\nThe statement waited longer than the server's lock_timeout for a lock another "
                                 "session holds.");
    if (sqlstate == "57014" && options_.pg_statement_timeout)
        return fmt::format("\nThe statement ran longer than --pg-statement-timeout ({} ms); raise the limit or "
                           "split the work.",
                           options_.pg_statement_timeout->count());
    return {};
}

std::string migrator::invalid_index_advice(const statement& st) {
    auto name = concurrently_built_index(st.sql);
    try {
        if (!name || !is_invalid_index(*name)) return {};
    } catch (const error&) {
        return {};
    }
    return fmt::format("\nPostgreSQL left the invalid index {} behind (a failed concurrent build cannot be rolled "
                       "back); 'upgrade --resume' drops it and builds it again.",
                       *name);
}

void migrator::fail_statement(const step& s, const script_statement& st, const pipeline_error& e) {
    const graph& g = catalog_.revisions;
    const revision& r = g.at(s.revision);
    const auto& d = e.info();
    const bool single = options_.single_transaction;
    std::uint32_t line = st.from_file ? line_at(*st.from_file, d.position) : 0;
    std::string where = st.from_file ? fmt::format("{}:{}", r.file, line) : std::string(r.file);
    std::string outcome;
    if (single)
        outcome = "The whole run was rolled back (--single-transaction): nothing was applied or recorded.";
    else if (r.transactional && s.dir == direction::down)
        outcome = fmt::format("Revision {} was not reverted: it stays applied and recorded; the revisions reverted "
                              "before it stay reverted. Fix the statement and run the command again.",
                              r.id);
    else if (r.transactional)
        outcome = fmt::format("Nothing of revision {} was applied or recorded; the revisions before it stay applied. "
                              "Fix the statement and run the command again.",
                              r.id);
    else if (s.dir == direction::down)
        outcome = fmt::format("Revision {} is non-transactional: the downgrade statements before this one stay "
                              "applied and the revision is still recorded as applied. Fix the cause and run the "
                              "downgrade again, or 'stamp' the database where you left it by hand.",
                              r.id);
    else
        outcome = fmt::format("Revision {} is non-transactional: its earlier statements stay applied and it is "
                              "marked failed at this statement. Fix the cause, then run 'upgrade --resume' to "
                              "continue from this statement, or 'stamp' it if you complete it by hand.",
                              r.id);
    outcome += timeout_advice(d.sqlstate);
    if (!single && !r.transactional && st.from_file && s.dir == direction::up) outcome += invalid_index_advice(*st.from_file);
    std::string what = fmt::format("{}: error: {} of revision {} ({}) failed{}: {}\n{}", where,
                                   s.dir == direction::up ? "upgrade" : "downgrade", r.id, r.message,
                                   st.from_file ? "" : " while recording it", describe_server_error(d), outcome);
    // Best effort: the failure is logged in its own transaction; a lost connection loses only the log row.
    try {
        if (!single && !r.transactional && st.from_file && s.dir == direction::up)
            conn_.execute(books_.record_failed(r, st.index, line, describe_server_error(d)));
        conn_.execute(books_.log(s.dir == direction::up ? "upgrade" : "downgrade", r.id, "failed",
                                 fmt::format("{}: {}", where, describe_server_error(d))));
    } catch (const error&) {
    }
    throw migration_error(std::move(what), d, std::string(r.id), std::string(r.file), line);
}

namespace {

// What every offline script starts with: retort's tables, and the search_path the online run sets.
std::vector<std::string> offline_preamble(const bookkeeping& books) {
    std::vector<std::string> out = books.create_tables();
    if (auto path = books.set_search_path(); !path.empty()) out.push_back(path);
    return out;
}

}  // namespace

std::string offline_script(const catalog& c, const bookkeeping& books, std::span<const std::string> from_rows,
                           std::span<const std::string> targets, direction dir, transaction_mode mode) {
    const graph& g = c.revisions;
    applied_state state = state_from_rows(g, from_rows);
    auto target = resolve_targets(g, targets, state.rows, dir);
    std::vector<step> steps = dir == direction::up ? plan_upgrade(g, state, target) : plan_downgrade(g, state, target);
    std::vector<std::vector<batch>> per_step;
    for (const auto& s : steps) {
        if (mode == transaction_mode::single && !g.at(s.revision).transactional)
            throw state_error(fmt::format("revision {} is 'Transactional: false' and cannot run inside "
                                          "--single-transaction",
                                          g.at(s.revision).id));
        per_step.push_back(step_batches(g, books, s, mode));
    }
    std::vector<std::string> preamble = offline_preamble(books), postamble;
    if (mode == transaction_mode::single) {
        preamble.insert(preamble.begin(), "BEGIN");
        postamble.push_back("COMMIT");
    }
    std::string header = fmt::format("-- Generated by retort {} --sql; no database was consulted.\n\n",
                                     dir == direction::up ? "upgrade" : "downgrade");
    return header + render_script(g, steps, per_step, preamble, postamble);
}

std::string offline_stamp_script(const catalog& c, const bookkeeping& books, std::span<const std::string> targets,
                                 bool purge) {
    const graph& g = c.revisions;
    applied_state empty{{}, std::vector<bool>(g.size(), false)};
    auto target = resolve_targets(g, targets, empty.rows, direction::up);
    batch b = stamp_batch(g, books, empty, plan_stamp(g, empty, target, purge), purge);
    std::vector<std::string> preamble = offline_preamble(books);
    for (const auto& st : b.statements) preamble.emplace_back(st.text());
    return "-- Generated by retort stamp --sql; no database was consulted.\n\n" + render_script(g, {}, {}, preamble, {});
}

}  // namespace retort
