// The tool fixture: child processes, their environment and the helpers tests query the database with.
#include "tool_fixture.hpp"

#include "core/sql_text.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace retort::testing {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

child_process spawn(const fs::path& scratch, const strings& argv, const env_changes& env) {
    return child_process(argv, env, scratch);
}

result finish(child_process& p) { return p.wait(); }

tool_fixture::tool_fixture(std::string_view prefix) : db(prefix) { fs::create_directory(dir); }

env_changes tool_fixture::base_env(const scratch_database& d) const {
    return {{"PGDATABASE", d.name()},           {"DATABASE_URL", std::nullopt},  {"DATABASE_HOST", std::nullopt},
            {"DATABASE_PORT", std::nullopt},    {"DATABASE_NAME", std::nullopt}, {"DATABASE_USER", std::nullopt},
            {"DATABASE_PASSWORD", std::nullopt}};
}

strings tool_fixture::tool(const strings& args) const {
    strings argv{RETORT_TOOL, "--dir", dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

result tool_fixture::retort(const strings& args, env_changes extra) {
    auto env = base_env(db);
    env.insert(env.end(), extra.begin(), extra.end());
    return finish(spawn(tmp.path, tool(args), env));
}

result tool_fixture::command(const strings& argv, const scratch_database& d) {
    return finish(spawn(tmp.path, argv, base_env(d)));
}

strings tool_fixture::column(const std::string& sql) {
    strings out;
    for (const auto& row : conn.query(sql).rows) out.push_back(row.at(0).value_or("<null>"));
    return out;
}

std::string tool_fixture::scalar(const std::string& sql) {
    auto c = column(sql);
    BOOST_REQUIRE_EQUAL(c.size(), 1U);
    return c.front();
}

strings tool_fixture::version_rows() { return column("SELECT version_num FROM alembic_version ORDER BY 1"); }

bool tool_fixture::exists(const std::string& relation) {
    return scalar("SELECT to_regclass('" + relation + "') IS NOT NULL") == "t";
}

void tool_fixture::chain(const strings& ids) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        write_table_revision(dir, std::to_string(i + 1) + "_" + ids[i] + ".sql", ids[i],
                             i == 0 ? strings{} : strings{ids[i - 1]});
}

scratch_role::scratch_role(const scratch_database& d, const std::string& prefix)
    : db(d),
      name(prefix + "_" + std::to_string(::getpid())),
      quoted(retort::quote_identifier(name)) {
    db.connect().execute("CREATE ROLE " + quoted + " LOGIN");
}

scratch_role::~scratch_role() {
    try {
        db.connect().execute("DROP OWNED BY " + quoted + "; DROP ROLE " + quoted);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scratch_role: could not drop %s: %s\n", name.c_str(), e.what());
    }
}

std::string schema_of(tool_fixture& f, const scratch_database& d) {
    auto r = f.command({"pg_dump", "--schema-only", "--no-owner", "-d", d.name()}, d);
    BOOST_REQUIRE_EQUAL(r.status, 0);
    std::istringstream in(r.out);
    std::string line, out;
    while (std::getline(in, line))
        if (!line.starts_with("--") && !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
            out += line + "\n";
    return out;
}

}  // namespace retort::testing
