// Statement trees and facts for a section; the model of earlier revisions advances with each upgrade.
#include "sql/section_builder.hpp"

#include "retort/error.hpp"
#include "sql/locks.hpp"
#include "sql/pg_parser.hpp"
#include "sql/tree.hpp"

namespace retort::sql {

namespace {

// The lookups a rule needs about the schema as it stood just before `st`.
void remember_before(parsed_statement& st, const schema_model& model) {
    for (const auto& c : st.changes) {
        if (c.what == schema_change::kind::set_column_type) {
            if (const auto* type = model.column_type(c.relation, c.name))
                st.column_types[c.relation + "." + c.name] = *type;
        } else if (c.what == schema_change::kind::drop_relation) {
            if (const auto* table = model.table_of_index(c.relation)) st.index_tables[c.relation] = *table;
        }
    }
    for (const auto& lock : st.locks)
        if (model.is_partitioned(lock.relation)) st.partitioned.insert(lock.relation);
    // Column defaults may call functions that earlier revisions created, with their declared volatility.
    if (st.kind() != "AlterTableStmt") return;
    tree::walk(st.tree, [&](const json::value& node) {
        const auto& call = tree::as(node, "FuncCall");
        if (call.is_null()) return;
        const std::string name = tree::relation_key_of_names(call["funcname"]);
        if (auto v = model.function_volatile(name)) st.functions[name] = *v;
    });
}

// A statement the parser did not read: only what its first words create.
parsed_statement unparsed(std::size_t i, const statement& source) {
    parsed_statement st;
    st.index = i;
    st.source = &source;
    st.changes = changes_of_text(source.sql);
    return st;
}

}  // namespace

section_view build_section(const revision& r, section_kind kind, const section& sec, const std::vector<bool>& accepted,
                           schema_model& model, const section_view* upgrade) {
    section_view view(r, kind);
    for (std::size_t i = 0; i < sec.statements.size(); ++i) {
        if (i >= accepted.size() || !accepted[i]) {
            view.statements.push_back(unparsed(i, sec.statements[i]));
            continue;
        }
        // The section parsed as a whole; a statement that does not parse alone is a split mismatch, which
        // the parse check has reported already. One nested too deeply to read is left unlinted.
        pg::parse_result parsed;
        try {
            parsed = pg::parse(sec.statements[i].sql);
        } catch (const error&) {
            parsed.error = pg::parse_error{"nested too deeply to lint", 0};
        }
        auto statements = parsed.tree.take("stmts");
        if (parsed.error || statements.items().empty()) {
            view.statements.push_back(unparsed(i, sec.statements[i]));
            continue;
        }
        parsed_statement st;
        st.index = i;
        st.source = &sec.statements[i];
        st.parsed = true;
        st.tree = statements.take(std::size_t{0}).take("stmt");
        st.changes = changes_of(st.tree);
        st.locks = locks_of(st.tree);
        st.named = relations_named(st.tree);
        st.works_on_rows = works_on_rows(st.tree);
        view.statements.push_back(std::move(st));
    }
    view.index_changes(model, upgrade);
    for (auto& st : view.statements) {
        remember_before(st, model);
        if (kind == section_kind::upgrade)
            for (const auto& c : st.changes) model.apply(c);
    }
    return view;
}

}  // namespace retort::sql
