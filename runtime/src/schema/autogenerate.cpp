// autogenerate, check_declared and check_drift (see autogenerate.hpp): both sides loaded into scratch
// databases, read, compared, planned, and the plan replayed before anyone sees it.
#include "schema/autogenerate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>

#include "schema/model_index.hpp"

namespace retort::schema {

namespace {

database_schema read(const scratch::scratch_database& db, const read_options& reading) {
    connection conn = db.connect();
    connection second = db.connect();
    return read_schema(conn, reading, &second);
}

database_schema load_migrations(const scratch::scratch_database& db, const migrations_source& m,
                                const read_options& reading) {
    connection conn = db.connect();
    if (m.revisions != nullptr) apply_revisions(conn, *m.revisions, revisions_for_heads(*m.revisions, m.heads));
    return read(db, reading);
}

database_schema load_declared_schema(const scratch::scratch_database& db, std::span<const declared_file> files,
                                     const read_options& reading) {
    {
        connection conn = db.connect();
        load_declared(conn, files);
    }
    return read(db, reading);  // a new session: declared files may change session settings
}

// Both sides at once, each on its own session: loading and reading them takes the time of the slower.
std::pair<database_schema, database_schema> load_both(const scratch::scratch_database& from_db,
                                                      const migrations_source& m,
                                                      const scratch::scratch_database& to_db,
                                                      std::span<const declared_file> files,
                                                      const read_options& reading) {
    auto declared = std::async(std::launch::async, [&] { return load_declared_schema(to_db, files, reading); });
    database_schema from = load_migrations(from_db, m, reading);
    return {std::move(from), declared.get()};
}

std::string first_line(const std::string& sql) { return sql.substr(0, sql.find('\n')); }

// Runs `statements` on `conn` (in one transaction when asked); the failure as a problem, or nothing.
std::optional<std::string> replay(connection& conn, const std::vector<planned_statement>& statements, bool transaction,
                                  std::string_view what) {
    if (statements.empty()) return std::nullopt;
    if (transaction) conn.execute("BEGIN");
    for (const auto& s : statements) {
        try {
            conn.execute(s.sql);
        } catch (const database_error& e) {
            if (transaction) {
                try {
                    conn.execute("ROLLBACK");
                } catch (const error&) {  // the session is gone; the first error says why
                }
            }
            return fmt::format("the {} fails on a scratch database at `{}`: {}", what, first_line(s.sql),
                               describe_server_error(e.info()));
        }
    }
    if (transaction) conn.execute("COMMIT");
    return std::nullopt;
}

void unmodelled_problems(const schema_diff& d, std::vector<std::string>& problems, std::string_view from_side,
                         std::string_view to_side) {
    for (const auto& [list, side] : {std::pair{&d.unmodelled_from, from_side}, std::pair{&d.unmodelled_to, to_side}})
        for (const auto& u : *list)
            problems.push_back(
                fmt::format("{} has {} ({}), a kind retort does not model: it cannot tell whether it "
                            "differs, nor write the DDL for it",
                            side, u.identity, u.kind));
}

// The rename hints that apply: the old object is in `from` and not in `to`, the new one the reverse.
std::vector<rename_hint> applicable(const std::vector<rename_hint>& hints, const database_schema& from,
                                    const database_schema& to, std::vector<std::string>& notes) {
    model_index in_from(from), in_to(to);
    auto has = [](const model_index& s, object_key k) {
        if (k.kind == object_kind::enum_type && !s.has(k)) k.kind = object_kind::composite_type;
        return s.has(k);
    };
    std::vector<rename_hint> out;
    for (const auto& h : hints) {
        object_key renamed = renamed_key(h);
        if (has(in_from, h.old_key) && !has(in_from, renamed) && has(in_to, renamed) && !has(in_to, h.old_key)) {
            out.push_back(h);
        } else {
            notes.push_back(
                fmt::format("{}:{}: the rename of {} to {} does not apply here (done already, or one of "
                            "the two names is on the wrong side); you may remove the hint",
                            h.file, h.line, describe(h.old_key), h.new_name));
        }
    }
    return out;
}

std::vector<std::string> difference_problems(const database_schema& got, const database_schema& want,
                                             std::string_view when, std::string_view wanted) {
    std::vector<std::string> out;
    for (const auto& c : diff_schemas(got, want).changes)
        out.push_back(fmt::format("after the {}, the scratch database differs from {}: {}", when, wanted, describe(c)));
    return out;
}

}  // namespace

const char* status_name(autogenerate_status s) {
    switch (s) {
    case autogenerate_status::nothing_to_do: return "nothing_to_do";
    case autogenerate_status::generated: return "generated";
    case autogenerate_status::unverified: return "unverified";
    case autogenerate_status::failed: return "failed";
    }
    return "unknown";
}

std::vector<hazard> autogenerate_result::hazards() const {
    std::vector<hazard> out;
    for (const auto* list : {&upgrade, &concurrent_upgrade})
        for (const auto& s : *list) out.insert(out.end(), s.hazards.begin(), s.hazards.end());
    return out;
}

namespace {

// Renames first: the server rewrites every definition that names the object, so the plan after them
// compares what is really there. Returns the migrations' schema after the renames.
database_schema rename_first(autogenerate_result& result, std::vector<rename_hint> hints, const database_schema& from,
                             const database_schema& to, connection& conn, const scratch::scratch_database& from_db,
                             const read_options& reading, std::vector<planned_statement>& renames_down) {
    result.renames = applicable(hints, from, to, result.notes);
    if (result.renames.empty()) return from;
    for (const auto& h : result.renames) {
        result.upgrade.push_back({rename_statement(h),
                                  renamed_key(h),
                                  change_action::alter,
                                  {},
                                  {fmt::format("renamed as {}:{} says", h.file, h.line)}});
        renames_down.insert(renames_down.begin(), {rename_statement(h, true), h.old_key, change_action::alter, {}, {}});
    }
    if (auto failure = replay(conn, result.upgrade, true, "renaming")) result.problems.push_back(*failure);
    return read(from_db, reading);
}

// Both directions' plans into `result`; an index the upgrade builds concurrently is dropped
// concurrently by the second revision's downgrade, so the main downgrade leaves it alone.
migration_plan plan_both(autogenerate_result& result, const database_schema& renamed, const database_schema& to,
                         const autogenerate_options& options, std::vector<planned_statement> renames_down) {
    migration_plan up = diff_and_plan(renamed, to, {options.concurrent_indexes, {}}).plan;
    std::vector<object_key> concurrent_keys;
    for (const auto& s : up.concurrent) {
        if (s.key.kind != object_kind::index || s.action != change_action::create) continue;
        concurrent_keys.push_back(s.key);
        result.concurrent_downgrade.push_back(
            {fmt::format("DROP INDEX CONCURRENTLY {};", qualified(s.key)), s.key, change_action::drop, {}, {}});
    }
    migration_plan down = diff_and_plan(to, renamed, {false, concurrent_keys}).plan;
    result.upgrade.insert(result.upgrade.end(), up.statements.begin(), up.statements.end());
    result.concurrent_upgrade = up.concurrent;
    result.downgrade = down.statements;
    result.downgrade.insert(result.downgrade.end(), renames_down.begin(), renames_down.end());
    for (const auto& u : up.unsupported) result.problems.push_back("upgrade: " + u);
    for (const auto& u : down.unsupported) result.problems.push_back("downgrade: " + u);
    return up;
}

// The proof: upgrade the migrations' database (renamed already), compare with the declared schema;
// downgrade it, compare with where it started.
void prove(autogenerate_result& result, const migration_plan& up, connection& conn,
           const scratch::scratch_database& from_db, const database_schema& from, const database_schema& to,
           const read_options& reading) {
    auto failure = replay(conn, up.statements, true, "upgrade");
    if (!failure) failure = replay(conn, up.concurrent, false, "upgrade's concurrent index builds");
    if (failure) {
        result.problems.push_back(*failure);
        return;
    }
    auto after = difference_problems(read(from_db, reading), to, "upgrade", "the declared schema");
    result.problems.insert(result.problems.end(), after.begin(), after.end());
    failure = replay(conn, result.concurrent_downgrade, false, "downgrade's concurrent index drops");
    if (!failure) failure = replay(conn, result.downgrade, true, "downgrade");
    if (failure) {
        result.problems.push_back(*failure);
        return;
    }
    auto back = difference_problems(read(from_db, reading), from, "downgrade", "the migrations' schema");
    result.problems.insert(result.problems.end(), back.begin(), back.end());
}

}  // namespace

autogenerate_result autogenerate(const migrations_source& migrations, std::span<const declared_file> declared,
                                 scratch::scratch_server& server, const autogenerate_options& options) {
    autogenerate_result result;
    if (const graph* g = migrations.revisions) {
        for (rev_index h : migrations.heads.empty() ? g->heads() : migrations.heads)
            result.parents.emplace_back(g->at(h).id);
    }
    scratch::scratch_database from_db = server.create_database();
    scratch::scratch_database to_db = server.create_database();
    auto [from, to] = load_both(from_db, migrations, to_db, declared, options.reading);
    result.diff = diff_schemas(from, to);
    result.notes = result.diff.notes;
    unmodelled_problems(result.diff, result.problems, "the migrations' schema", "the declared schema");
    if (result.diff.changes.empty() && result.problems.empty()) return result;

    connection conn = from_db.connect();
    std::vector<planned_statement> renames_down;
    std::vector<rename_hint> hints = parse_rename_hints(declared);
    hints.insert(hints.end(), options.renames.begin(), options.renames.end());
    database_schema renamed =
        rename_first(result, std::move(hints), from, to, conn, from_db, options.reading, renames_down);
    migration_plan up = plan_both(result, renamed, to, options, std::move(renames_down));
    prove(result, up, conn, from_db, from, to, options.reading);
    if (result.problems.empty())
        result.status = autogenerate_status::generated;
    else
        result.status = options.unverified ? autogenerate_status::unverified : autogenerate_status::failed;
    return result;
}

check_result check_declared(const migrations_source& migrations, std::span<const declared_file> declared,
                            scratch::scratch_server& server, const read_options& reading) {
    scratch::scratch_database from_db = server.create_database();
    scratch::scratch_database to_db = server.create_database();
    auto [from, to] = load_both(from_db, migrations, to_db, declared, reading);
    check_result result;
    auto [diff, plan] = diff_and_plan(from, to, {false, {}});
    result.diff = std::move(diff);
    unmodelled_problems(result.diff, result.problems, "the migrations' schema", "the declared schema");
    result.would_generate = plan.statements;
    for (const auto& u : plan.unsupported) result.problems.push_back(u);
    result.same = result.diff.same();
    return result;
}

drift_result check_drift(connection& live, const graph& revisions, std::span<const rev_index> applied,
                         scratch::scratch_server& server, const read_options& reading) {
    scratch::scratch_database expected_db = server.create_database();
    connection conn = expected_db.connect();
    apply_revisions(conn, revisions, applied);
    auto [expected, actual] = read_schemas(conn, live, reading);
    schema_diff d = diff_schemas(expected, actual);
    drift_result result;
    for (const auto& c : d.changes) result.items.push_back({c.action, c.key, c.details});
    result.notes = d.notes;
    result.unmodelled = d.unmodelled_to;
    result.drifted = !result.items.empty() || !result.unmodelled.empty();
    return result;
}

}  // namespace retort::schema
