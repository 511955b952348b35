// schema_tool: retort::schema's library calls from a shell, for the corpus script and the benchmark
// (phase 2's commands render the same results):
//   schema_tool diff FROM_CONNINFO TO_CONNINFO
//       prints the DDL that takes FROM's schema to TO's (unverified); exit 0 same, 1 different
//   schema_tool autogenerate DIR UPTO_ID DECLARED_FILE DEV_URL UPGRADE_OUT DOWNGRADE_OUT
//       autogenerates from the revisions of DIR up to UPTO_ID ("base": none) to DECLARED_FILE, on
//       scratch databases of DEV_URL, writes the upgrade and downgrade SQL (unverified ones too) and
//       prints the status and the problems; exit 0 verified or nothing to do, 1 not verified
// Exit status 2 on errors.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>

#include "directory/directory.hpp"
#include "schema/autogenerate.hpp"

namespace {

using namespace retort::schema;

// Each connection waits for its server process to start: the four start at once.
retort::connection open_async(const char* url, std::future<retort::connection>& second) {
    second = std::async(std::launch::async, [url] { return retort::connection::open({url, "retort schema_tool"}); });
    return retort::connection::open({url, "retort schema_tool"});
}

// What changes, as lines: written at once, since stderr is not buffered and a large schema has
// tens of thousands of them.
std::string report(const schema_diff& d, const migration_plan& plan) {
    std::string out;
    for (const auto& c : d.changes) {
        out += "change: ";
        describe_to(out, c);
        out += '\n';
    }
    for (const auto& n : d.notes) fmt::format_to(std::back_inserter(out), "note: {}\n", n);
    for (const auto& u : d.unmodelled_from)
        fmt::format_to(std::back_inserter(out), "unmodelled in FROM: {} ({})\n", u.identity, u.kind);
    for (const auto& u : d.unmodelled_to)
        fmt::format_to(std::back_inserter(out), "unmodelled in TO: {} ({})\n", u.identity, u.kind);
    for (const auto& u : plan.unsupported) fmt::format_to(std::back_inserter(out), "cannot express: {}\n", u);
    return out;
}

int diff(const char* from_url, const char* to_url) {
    std::future<retort::connection> from_later, to_later;
    auto from_conn = open_async(from_url, from_later);
    auto to_conn = open_async(to_url, to_later);
    auto from_second = from_later.get();
    auto to_second = to_later.get();
    auto t0 = std::chrono::steady_clock::now();
    auto [from, to] = read_schemas(from_conn, to_conn, {}, &from_second, &to_second);
    auto t1 = std::chrono::steady_clock::now();
    auto [d, plan] = diff_and_plan(from, to, {false, {}});
    auto t2 = std::chrono::steady_clock::now();
    if (std::getenv("RETORT_SCHEMA_TIMING") != nullptr) {
        auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
        fmt::print(stderr, "timing: read {:.0f} ms, diff and plan {:.0f} ms\n", ms(t0, t1), ms(t1, t2));
    }
    std::string lines = report(d, plan);
    std::fwrite(lines.data(), 1, lines.size(), stderr);
    std::string sql = render_statements(plan.statements);
    if (!sql.empty()) fmt::print("{}\n", sql);
    return d.changes.empty() ? 0 : 1;
}

void write(const char* path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

int autogenerate_step(char** argv) {
    retort::catalog c = retort::load_directory_or_throw(argv[0]);
    migrations_source source;
    if (std::string(argv[1]) != "base") {
        auto head = c.revisions.find(argv[1]);
        if (!head) throw retort::usage_error(fmt::format("no revision {} in {}", argv[1], argv[0]));
        source = {&c.revisions, {*head}};
    }
    auto declared = read_declared(argv[2]);
    auto server = retort::scratch::scratch_server::on(argv[3]);
    autogenerate_options options;
    options.unverified = true;
    options.concurrent_indexes = false;
    auto r = autogenerate(source, declared, server, options);
    write(argv[4], render_statements(r.upgrade) + "\n");
    write(argv[5], render_statements(r.downgrade) + "\n");
    fmt::print("status: {}\n", status_name(r.status));
    for (const auto& p : r.problems) fmt::print("problem: {}\n", p);
    for (const auto& n : r.notes) fmt::print("note: {}\n", n);
    return r.status == autogenerate_status::generated || r.status == autogenerate_status::nothing_to_do ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string command = argc > 1 ? argv[1] : "";
        if (command == "diff" && argc == 4) return diff(argv[2], argv[3]);
        if (command == "autogenerate" && argc == 8) return autogenerate_step(argv + 2);
        fmt::print(stderr, "usage: {} diff FROM TO | autogenerate DIR UPTO_ID DECLARED DEV_URL UP_OUT DOWN_OUT\n",
                   argv[0]);
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "schema_tool: {}\n", e.what());
        return 2;
    }
}
