// Wraps libpg_query's C results in owners that free them, and copies out what retort keeps.
#include "sql/pg_parser.hpp"

#include <pg_query.h>

#include <memory>

namespace retort::sql::pg {

namespace {

parse_error error_of(const PgQueryError& e) { return parse_error{e.message ? e.message : "syntax error", e.cursorpos}; }

struct split_deleter {
    void operator()(PgQuerySplitResult* r) const {
        pg_query_free_split_result(*r);
        delete r;
    }
};

struct parse_deleter {
    void operator()(PgQueryParseResult* r) const {
        pg_query_free_parse_result(*r);
        delete r;
    }
};

}  // namespace

split_result split(std::string_view sql) {
    const std::string text(sql);
    std::unique_ptr<PgQuerySplitResult, split_deleter> r(
        new PgQuerySplitResult(pg_query_split_with_parser(text.c_str())));
    split_result out;
    if (r->error) {
        out.error = error_of(*r->error);
        return out;
    }
    out.statements.reserve(static_cast<std::size_t>(r->n_stmts));
    for (int i = 0; i < r->n_stmts; ++i) {
        const auto begin = static_cast<std::size_t>(r->stmts[i]->stmt_location);
        const auto length = static_cast<std::size_t>(r->stmts[i]->stmt_len);
        // A length of 0 marks the last statement, which runs to the end of the text.
        out.statements.push_back({begin, length == 0 ? text.size() : begin + length});
    }
    return out;
}

parse_result parse(std::string_view sql) {
    const std::string text(sql);
    std::unique_ptr<PgQueryParseResult, parse_deleter> r(new PgQueryParseResult(pg_query_parse(text.c_str())));
    parse_result out;
    if (r->error) {
        out.error = error_of(*r->error);
        return out;
    }
    out.tree = json::value::parse(r->parse_tree);
    return out;
}

std::string_view grammar_version() noexcept { return PG_VERSION; }

}  // namespace retort::sql::pg
