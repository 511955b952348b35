// Helpers for the integration tests of retort::schema (see schema_fixture.hpp).
#include "schema_fixture.hpp"

#include <fmt/format.h>

#include "core/revision_file.hpp"
#include "schema/catalog_reader.hpp"

namespace retort::testing {

using namespace retort::schema;

scratch::scratch_server& test_server() {
    static scratch::scratch_server server = scratch::scratch_server::on("dbname=postgres");
    return server;
}

inline_migrations& inline_migrations::add(const std::string& upgrade, bool transactional) {
    ++count_;
    std::string parent = count_ == 1 ? "" : fmt::format("r{}", count_ - 1);
    files_.add_file(
        fmt::format("{:04}_r{}.sql", count_, count_),
        fmt::format("-- r{}\n-- Revision ID: r{}\n-- Revises: {}\n{}\n-- +upgrade\n{}\n\n-- +downgrade\nSELECT 1;\n",
                    count_, count_, parent, transactional ? "" : "-- Transactional: false\n", upgrade));
    return *this;
}

graph inline_migrations::build() const { return graph::build_or_throw(files_.revisions()); }

namespace {

// Keeps a graph and the texts it points into alive together.
struct start_graph {
    inline_migrations m;
    graph g;
    explicit start_graph(const std::string& start) : g((m.add(start), m.build())) {}
};

database_schema load(const std::string& sql) {
    auto db = test_server().create_database();
    auto conn = db.connect();
    std::vector<declared_file> files{{"declared.sql", sql}};
    load_declared(conn, files);
    auto reader = db.connect();
    return read_schema(reader);
}

void run_section(connection& conn, const revision& r, bool upgrade) {
    const section& s = upgrade ? r.upgrade : *r.downgrade;
    if (r.transactional) conn.execute("BEGIN");
    for (const auto& st : s.statements) conn.execute(st.sql);
    if (r.transactional) conn.execute("COMMIT");
}

void require_same(const database_schema& got, const database_schema& want, const std::string& when) {
    auto d = diff_schemas(got, want);
    std::string changes;
    for (const auto& c : d.changes) changes += "\n  " + describe(c);
    BOOST_TEST_REQUIRE(d.changes.empty(), when << " differs:" << changes);
}

}  // namespace

schema::autogenerate_result generate(const std::string& start, const std::string& declared,
                                     const schema::autogenerate_options& options) {
    start_graph s(start);
    std::vector<declared_file> files{{"declared.sql", declared}};
    return autogenerate({&s.g, {}}, files, test_server(), options);
}

std::string upgrade_sql(const autogenerate_result& r) {
    return render_statements(r.upgrade) + "\n" + render_statements(r.concurrent_upgrade);
}
std::string downgrade_sql(const autogenerate_result& r) {
    return render_statements(r.concurrent_downgrade) + "\n" + render_statements(r.downgrade);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void require_round_trip(const autogenerate_result& r, const std::string& start, const std::string& declared) {
    std::string problems;
    for (const auto& p : r.problems) problems += "\n  " + p;
    BOOST_TEST_REQUIRE(r.status == autogenerate_status::generated,
                       "status " << status_name(r.status) << ", problems:" << problems << "\nupgrade:\n"
                                 << upgrade_sql(r) << "\ndowngrade:\n"
                                 << downgrade_sql(r));
    new_revision header{"a1b2c3d4e5f6", "test", "2026-01-01 00:00:00", {}, {}, {}, true};
    auto texts = render_revisions(r, header, "f6e5d4c3b2a1");
    revision_files files;
    for (std::size_t i = 0; i < texts.size(); ++i) files.add_file(fmt::format("gen{}.sql", i), texts[i].text);
    const auto& revs = files.revisions();
    auto db = test_server().create_database();
    auto conn = db.connect();
    std::vector<declared_file> base{{"start.sql", start}};
    load_declared(conn, base);
    for (const auto& rev : revs) run_section(conn, rev, true);
    auto reader = db.connect();
    require_same(read_schema(reader), load(declared), "the replayed upgrade");
    for (auto it = revs.rbegin(); it != revs.rend(); ++it) run_section(conn, *it, false);
    auto reader2 = db.connect();
    require_same(read_schema(reader2), load(start), "the replayed downgrade");
}

}  // namespace retort::testing
