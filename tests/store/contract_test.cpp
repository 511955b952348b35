// The history store's contract: the same cases against its three implementations. The PostgreSQL store
// and the memory store are read back through themselves; the script store's script is run with psql
// against a scratch database and read back through a PostgreSQL store there. A case that holds for
// PostgreSQL and not for the fake (or the script) fails here, so unit tests on the fake cannot lie.
#define BOOST_TEST_MODULE store_contract
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "applied_together.hpp"
#include "child_process.hpp"
#include "core/checksum.hpp"
#include "inline_catalog.hpp"
#include "pg_test_support.hpp"
#include "retort/integrity.hpp"
#include "revision_dir.hpp"
#include "store/memory_store.hpp"
#include "store/postgres_store.hpp"
#include "store/script_store.hpp"

namespace retort {

// How Boost.Test prints the values the cases compare.
std::ostream& operator<<(std::ostream& out, const memory_database::log_row& r) {
    return out << r.operation << "|" << r.revision << "|" << r.outcome << "|" << r.detail;
}
std::ostream& operator<<(std::ostream& out, const unfinished_revision& u) {
    return out << u.id << (u.failed ? " failed" : " in progress") << " at " << u.next_statement << " line " << u.line;
}
std::ostream& operator<<(std::ostream& out, const recorded_seed& s) {
    return out << s.name << " " << s.checksum << (s.required_reapplied ? " reapplied" : "");
}

}  // namespace retort

namespace {

using namespace retort;
using retort::testing::inline_catalog;
using retort::testing::scratch_database;
using log_rows = std::vector<memory_database::log_row>;

const store_config config{"", "alembic_version", "contract"};

// The revisions every case uses: a <- b <- c, n (non-transactional, two statements) on c, and d whose
// upgrade fails on its second statement.
inline_catalog& revisions() {
    static inline_catalog c = [] {
        inline_catalog x;
        x.revision("a", "", "CREATE TABLE ta (id int);", "DROP TABLE ta;")
            .revision("b", "a", "CREATE TABLE tb (id int);", "DROP TABLE tb;")
            .revision("c", "b", "CREATE TABLE tc (id int);", std::nullopt)
            .revision("n", "c", "CREATE TABLE tn (id int);\nINSERT INTO tn VALUES (1);", "DROP TABLE tn;", false)
            .revision("d", "c", "CREATE TABLE td (id int);\nSELECT 1/0;", "DROP TABLE td;")
            .seed("0001_rows.sql", "b", "INSERT INTO tb VALUES (7);");
        return x;
    }();
    return c;
}

const revision& rev(std::string_view id) { return revisions().revision_of(id); }

step_change up(std::string_view id, std::vector<std::string_view> before, std::vector<std::string_view> after) {
    return {&rev(id), direction::up, std::move(before), std::move(after), true};
}

step_change down(std::string_view id, std::vector<std::string_view> before, std::vector<std::string_view> after) {
    return {&rev(id), direction::down, std::move(before), std::move(after), true};
}

std::string fingerprint_of(std::initializer_list<std::string_view> ids) {
    const graph& g = revisions().get().revisions;
    std::vector<bool> applied(g.size(), false);
    for (auto id : ids) applied[*g.find(id)] = true;
    return applied_fingerprint(g, applied);
}

// A statement that fails makes apply() throw which statement failed, having recorded nothing.
template <class Write>
void expect_statement_failure(Write write, std::size_t index) {
    try {
        write();
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "22012");
        BOOST_TEST(f.index() == index);
        BOOST_TEST(f.file_statement() != nullptr);
    }
}

log_rows pg_log(connection& c) {
    log_rows out;
    for (const auto& row : c.query("SELECT operation, coalesce(revision, ''), outcome, coalesce(detail, '') FROM "
                                   "alembic_version_log ORDER BY id")
                               .rows)
        out.push_back({*row[0], *row[1], *row[2], *row[3]});
    return out;
}

// ---- the three implementations -------------------------------------------------------------------------

struct pg_backend {
    scratch_database db{"contract"};
    connection conn = db.connect();
    postgres_store store{conn, config};

    history_store& writer() { return store; }
    history_store& reader() { return store; }
    void flush() {}
    template <class Write>
    void expect_failure(Write write, std::size_t index) {
        expect_statement_failure(write, index);
    }
    log_rows log() { return pg_log(conn); }
};

struct memory_backend {
    memory_database db;
    memory_store store{db, config, "postgres"};

    memory_backend() {
        db.fail = [](std::string_view sql) -> std::optional<database_error::details> {
            if (sql.find("1/0") == std::string_view::npos) return std::nullopt;
            return database_error::details{"22012", "division by zero", {}, {}, {}, 0};
        };
    }
    history_store& writer() { return store; }
    history_store& reader() { return store; }
    void flush() {}
    template <class Write>
    void expect_failure(Write write, std::size_t index) {
        expect_statement_failure(write, index);
    }
    log_rows log() { return db.log; }
};

// Writes a script; flush() runs what was written since the last flush with psql (stopping at the first
// error, as `psql -v ON_ERROR_STOP=1` does: the open transaction is then rolled back).
struct script_backend {
    scratch_database db{"contract_script"};
    connection conn = db.connect();
    std::unique_ptr<script_store> script = fresh();
    postgres_store reader_store{conn, config};
    retort::testing::temp_dir dir{"contract_script"};
    int last_status = 0;

    static std::unique_ptr<script_store> fresh() {
        return std::make_unique<script_store>(config, "", std::vector<std::string>{});
    }
    history_store& writer() { return *script; }
    history_store& reader() { return reader_store; }
    void flush() {
        auto path = dir.path / "script.sql";
        std::ofstream(path) << script->text();
        retort::testing::child_process psql({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.name(), "-f",
                                             path.string()},
                                            {}, dir.path);
        last_status = psql.wait().status;
        script = fresh();
    }
    // A script cannot fail while it is written; running it stops at the failing statement.
    template <class Write>
    void expect_failure(Write write, std::size_t) {
        write();
        flush();
        BOOST_TEST(last_status != 0);
    }
    log_rows log() { return pg_log(conn); }
};

using backends = boost::mpl::list<pg_backend, memory_backend, script_backend>;

std::vector<std::string> revisions_of(const history& h) {
    std::vector<std::string> out;
    for (const auto& r : h.records) out.push_back(r.revision + ":" + r.status);
    return out;
}

history records_of(history_store& s) {
    history_request request;
    request.records = true;
    return s.read_history(request);
}

#define CHECK_LIST(actual, ...) \
    BOOST_TEST((actual) == (std::vector<std::string>{__VA_ARGS__}), boost::test_tools::per_element())

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(a_fresh_database_is_not_initialized, B, backends) {
    B b;
    b.flush();
    BOOST_TEST(!b.reader().read_state().initialized);
    BOOST_TEST(records_of(b.reader()).records.empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(ensure_tables_initializes_an_empty_state_and_may_run_twice, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().ensure_tables(true);
    b.flush();
    auto s = b.reader().read_state();
    BOOST_TEST(s.initialized);
    BOOST_TEST(s.rows.empty());
    BOOST_TEST(s.unfinished.empty());
    BOOST_TEST(s.history_fingerprint == fingerprint_of({}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(applied_steps_record_rows_history_checksums_and_log, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(up("b", {"a"}, {"b"}));
    b.flush();
    auto s = b.reader().read_state();
    CHECK_LIST(s.rows, "b");
    BOOST_TEST(s.history_fingerprint == fingerprint_of({"a", "b"}));
    auto h = records_of(b.reader());
    CHECK_LIST(revisions_of(h), "a:applied", "b:applied");
    BOOST_TEST(h.records[1].upgrade_checksum == rev("b").upgrade.sum.hex());
    BOOST_TEST(h.records[1].downgrade_checksum == rev("b").downgrade->sum.hex());
    BOOST_TEST(h.records[1].applied_by == "postgres");
    BOOST_TEST((b.log() == log_rows{{"upgrade", "a", "success", ""}, {"upgrade", "b", "success", ""}}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_reverted_step_drops_its_history_row_and_moves_the_rows_back, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(up("b", {"a"}, {"b"}));
    b.writer().apply(down("b", {"b"}, {"a"}));
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "a");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied");
    BOOST_TEST(b.log().back() == (memory_database::log_row{"downgrade", "b", "success", ""}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_failed_statement_records_nothing_of_its_change, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(up("b", {"a"}, {"b"}));
    b.writer().apply(up("c", {"b"}, {"c"}));
    b.expect_failure([&] { b.writer().apply(up("d", {"c"}, {"d"})); }, 1);
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "c");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied", "b:applied", "c:applied");
    BOOST_TEST(b.log().size() == 3U);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_stamp_records_stamped_rows_and_purge_empties_the_tables_first, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(stamp_change{{{&rev("b"), true}, {&rev("c"), true}}, {"a"}, {"c"}, false});
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "c");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied", "b:stamped", "c:stamped");
    BOOST_TEST(b.log().back() == (memory_database::log_row{"stamp", "", "success", "c"}));

    b.writer().apply(stamp_change{{{&rev("a"), true}}, {}, {"a"}, true});
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "a");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:stamped");
    BOOST_TEST(b.reader().read_state().history_fingerprint == fingerprint_of({"a"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_non_transactional_revision_is_recorded_statement_by_statement, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(stamp_change{{{&rev("a"), true}, {&rev("b"), true}, {&rev("c"), true}}, {}, {"c"}, false});
    const revision& n = rev("n");
    b.writer().advance(n, {progress::kind::started, direction::up, 0, 0, {}});
    b.flush();
    auto s = b.reader().read_state();
    BOOST_TEST_REQUIRE(s.unfinished.size() == 1U);
    BOOST_TEST((s.unfinished[0] == unfinished_revision{"n", false, 0, 0}));

    b.writer().advance(n, {progress::kind::statement, direction::up, 0, 0, {}});
    b.flush();
    BOOST_TEST(b.reader().read_state().unfinished.at(0).next_statement == 1U);

    // What the executor records when statement 1 failed at line 9 (a script never fails while written).
    b.writer().advance(n, {progress::kind::failed, direction::up, 1, 9, "42P01: nope"});
    b.flush();
    if constexpr (!std::is_same_v<B, script_backend>) {
        BOOST_TEST((b.reader().read_state().unfinished.at(0) == unfinished_revision{"n", true, 1, 9}));
        BOOST_TEST(b.reader().read_state().rows == std::vector<std::string>{"c"});
    }

    b.writer().advance(n, {progress::kind::statement, direction::up, 1, 0, {}});
    step_change finish = up("n", {"c"}, {"n"});
    finish.run_statements = false;
    b.writer().apply(finish);
    b.flush();
    s = b.reader().read_state();
    BOOST_TEST(s.unfinished.empty());
    CHECK_LIST(s.rows, "n");
    BOOST_TEST(s.history_fingerprint == fingerprint_of({"a", "b", "c", "n"}));
    auto log = b.log();
    BOOST_TEST((log.at(1) == memory_database::log_row{"upgrade", "n", "started", "non-transactional"}));
    BOOST_TEST((log.back() == memory_database::log_row{"upgrade", "n", "success", ""}));
}

// A script does not run what it writes: the failure of one of its statements is psql's to report.
using running_backends = boost::mpl::list<pg_backend, memory_backend>;

BOOST_AUTO_TEST_CASE_TEMPLATE(a_failed_non_transactional_statement_is_named_by_its_index_in_its_section, B,
                              running_backends) {
    inline_catalog failing;
    failing.revision("m", "", "CREATE TABLE tm (id int);\nSELECT 1/0;", "DROP TABLE tm;", false);
    const revision& m = failing.get().revisions.at(0);
    B b;
    b.writer().ensure_tables(false);
    b.writer().advance(m, {progress::kind::started, direction::up, 0, 0, {}});
    b.writer().advance(m, {progress::kind::statement, direction::up, 0, 0, {}});
    try {
        b.writer().advance(m, {progress::kind::statement, direction::up, 1, 0, {}});
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.index() == 1U);
        BOOST_TEST(f.file_statement() == &m.upgrade.statements[1]);
        BOOST_TEST(f.sqlstate() == "22012");
    }
    BOOST_TEST(b.reader().read_state().unfinished.at(0).next_statement == 1U);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_executed_sql_is_the_upgrade_as_it_ran_and_none_for_a_stamp, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(stamp_change{{{&rev("b"), true}}, {"a"}, {"b"}, false});
    b.flush();
    history_request request;
    request.executed_sql = {"a", "b", "c"};
    auto sql = b.reader().read_history(request).executed_sql;
    BOOST_TEST(sql.size() == 2U);
    BOOST_TEST(sql["a"] == std::string(rev("a").upgrade.sql));
    BOOST_TEST(sql["b"] == "");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_accepted_edit_replaces_the_recorded_checksums, B, backends) {
    inline_catalog edited;
    edited.revision("a", "", "CREATE TABLE ta (id int, x int);", "DROP TABLE ta;");
    const revision& a2 = edited.get().revisions.at(0);
    B b;
    b.writer().ensure_tables(false);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(edit_change{&a2, "because"});
    b.flush();
    auto h = records_of(b.reader());
    BOOST_TEST_REQUIRE(h.records.size() == 1U);
    BOOST_TEST(h.records[0].upgrade_checksum == a2.upgrade.sum.hex());
    BOOST_TEST(h.records[0].status == "applied");
    BOOST_TEST(b.log().back() == (memory_database::log_row{"accept-edit", "a", "accepted", "because"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(seeds_are_recorded_and_a_reapplied_requirement_is_noticed, B, backends) {
    B b;
    const seed& s = revisions().get().seeds.at(0);
    b.writer().ensure_tables(true);
    b.writer().apply(up("a", {}, {"a"}));
    b.writer().apply(up("b", {"a"}, {"b"}));
    b.writer().apply(seed_change{&s, "b"});
    b.flush();
    history_request request;
    request.seeds = true;
    auto seeds = b.reader().read_history(request).seeds;
    BOOST_TEST_REQUIRE(seeds.size() == 1U);
    BOOST_TEST((seeds[0] == recorded_seed{"0001_rows.sql", s.body.sum.hex(), false}));
    BOOST_TEST(b.log().back().detail == "0001_rows.sql v1:" + s.body.sum.hex());

    b.writer().apply(down("b", {"b"}, {"a"}));
    b.writer().apply(up("b", {"a"}, {"b"}));
    b.flush();
    BOOST_TEST(b.reader().read_history(request).seeds.at(0).required_reapplied);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_transaction_commits_every_change_together_or_none, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    {
        auto t = b.writer().begin();
        b.writer().apply(up("a", {}, {"a"}));
        b.writer().apply(up("b", {"a"}, {"b"}));
        t->commit();
    }
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "b");
    {
        auto t = b.writer().begin();
        b.writer().apply(up("c", {"b"}, {"c"}));
    }  // not committed
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "b");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied", "b:applied");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(steps_applied_together_are_recorded_each_or_none_and_a_failure_names_its_step, B,
                              backends) {
    B b;
    b.writer().ensure_tables(false);
    {
        auto t = b.writer().begin();
        const std::vector<step_change> steps{up("a", {}, {"a"}), up("b", {"a"}, {"b"})};
        BOOST_TEST(retort::testing::apply_together(b.writer(), steps).size() == 2U);
        t->commit();
    }
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "b");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied", "b:applied");
    const std::vector<step_change> steps{up("c", {"b"}, {"c"}), up("d", {"c"}, {"d"})};
    b.expect_failure(
        [&] {
            auto t = b.writer().begin();  // ends before the script backend runs its script
            try {
                retort::testing::apply_together(b.writer(), steps);
            } catch (const together_failure& f) {
                BOOST_TEST(f.position() == 1U);
                throw;
            }
        },
        1);
    b.flush();
    CHECK_LIST(b.reader().read_state().rows, "b");
    CHECK_LIST(revisions_of(records_of(b.reader())), "a:applied", "b:applied");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_log_row_stands_on_its_own, B, backends) {
    B b;
    b.writer().ensure_tables(false);
    b.writer().log({"upgrade", "d", "failed", "x.sql:2: 22012: division by zero"});
    b.writer().log({"seed", {}, "failed", {}});
    b.flush();
    BOOST_TEST((b.log() ==
                log_rows{{"upgrade", "d", "failed", "x.sql:2: 22012: division by zero"}, {"seed", "", "failed", ""}}));
}

// A script takes no lock (whoever runs it serializes it): the lock's case is the other two's.
BOOST_AUTO_TEST_CASE(the_lock_keeps_a_second_session_out_until_it_is_released_postgres) {
    pg_backend b;
    connection other_conn = b.db.connect();
    postgres_store other(other_conn, config);
    int waited = 0;
    std::string holder;
    {
        auto held = b.store.hold_lock({std::chrono::milliseconds(1000), {}});
        BOOST_CHECK_THROW(other.hold_lock({std::chrono::milliseconds(50),
                                           [&](const std::string& h) {
                                               ++waited;
                                               holder = h;
                                           }}),
                          lock_timeout_error);
    }
    BOOST_TEST(waited == 1);
    // The waiter learns who holds the lock: the holder's server process and what it is doing.
    BOOST_TEST(holder.find("The lock is held by server process") != std::string::npos, holder);
    BOOST_CHECK_NO_THROW(other.hold_lock({std::chrono::milliseconds(50), {}}));
}

BOOST_AUTO_TEST_CASE(the_lock_keeps_a_second_session_out_until_it_is_released_memory) {
    memory_backend b;
    memory_store other(b.db, config);
    int waited = 0;
    {
        auto held = b.store.hold_lock({std::chrono::milliseconds(1000), {}});
        BOOST_CHECK_THROW(other.hold_lock({std::chrono::milliseconds(50), [&](const std::string&) { ++waited; }}),
                          lock_timeout_error);
    }
    BOOST_TEST(waited == 1);
    BOOST_CHECK_NO_THROW(other.hold_lock({std::chrono::milliseconds(50), {}}));
}
