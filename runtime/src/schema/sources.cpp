// Loading both sides into scratch databases: revisions and declared files (see sources.hpp). The one
// file of retort::schema that reads the file system.
#include "schema/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/sql_lexer.hpp"

namespace retort::schema {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& file, std::uint32_t line, std::string message) {
    throw input_error({diagnostic{file, line, severity::error, std::move(message)}});
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) fail(p.string(), 0, "cannot read the declared schema file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// pg_dump writes \restrict KEY and \unrestrict KEY around its output (psql meta-commands that guard
// against a hostile server); they mean nothing here. Blank lines keep line numbers.
std::string without_restrict_lines(std::string text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (line.starts_with("\\restrict ") || line.starts_with("\\unrestrict ")) {
            text.erase(start, end - start);
            end = start;
        }
        start = end + 1;
    }
    return text;
}

std::string server_message(const database_error& e) { return describe_server_error(e.info()); }

}  // namespace

std::vector<declared_file> read_declared(const fs::path& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return {{path.string(), read_file(path)}};
    if (!fs::is_directory(path, ec))
        fail(path.string(), 0, "the declared schema is neither a .sql file nor a directory of them");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
    if (files.empty()) fail(path.string(), 0, "the declared schema directory holds no .sql file");
    std::sort(files.begin(), files.end());
    std::vector<declared_file> out;
    for (const auto& f : files) out.push_back({f.string(), read_file(f)});
    return out;
}

void load_declared(connection& db, std::span<const declared_file> files) {
    for (const auto& f : files) {
        std::string text = without_restrict_lines(f.text);
        diagnostics diags;
        std::vector<statement> statements = split_statements(text, 1, f.name, diags);
        diags.throw_if_errors();
        for (const auto& st : statements) {
            try {
                db.execute(st.sql);
            } catch (const database_error& e) {
                fail(f.name, line_at(st, e.info().position),
                     fmt::format("the declared schema does not load: {}", server_message(e)));
            }
        }
    }
}

std::vector<rev_index> revisions_for_heads(const graph& g, std::span<const rev_index> heads) {
    std::vector<rev_index> wanted = heads.empty() ? g.heads() : std::vector<rev_index>(heads.begin(), heads.end());
    std::vector<bool> needed(g.size(), false);
    for (rev_index h : wanted)
        for (rev_index i : g.ancestors_of(h)) needed[i] = true;
    std::vector<rev_index> out;
    for (rev_index i = 0; i < g.size(); ++i)
        if (needed[i]) out.push_back(i);
    return out;
}

void apply_revisions(connection& db, const graph& g, std::span<const rev_index> revisions) {
    for (rev_index i : revisions) {
        const revision& r = g.at(i);
        if (r.transactional) db.execute("BEGIN");
        for (const auto& st : r.upgrade.statements) {
            try {
                db.execute(st.sql);
            } catch (const database_error& e) {
                if (r.transactional) {
                    try {
                        db.execute("ROLLBACK");
                    } catch (const error&) {  // the session is gone; the first error says why
                    }
                }
                throw state_error(fmt::format("{}:{}: revision {} does not apply to a scratch database: {}", r.file,
                                              line_at(st, e.info().position), r.id, server_message(e)));
            }
        }
        if (r.transactional) db.execute("COMMIT");
    }
}

}  // namespace retort::schema
