// Turns a baked (constexpr) table into the revision model without copying any SQL.
#include "retort/baked_table.hpp"

namespace retort::baked {

namespace {

retort::section to_section(const section& s) {
    retort::section out;
    out.sql = s.sql;
    out.first_line = s.first_line;
    out.sum.bytes = s.sum;
    out.statements.reserve(s.statements.size());
    for (const auto& st : s.statements) out.statements.push_back({s.sql.substr(st.offset, st.length), st.line});
    return out;
}

}  // namespace

std::vector<retort::revision> to_revisions(const table& t) {
    std::vector<retort::revision> out;
    out.reserve(t.revisions.size());
    for (const auto& b : t.revisions) {
        retort::revision r;
        r.id = b.id;
        r.message = b.message;
        r.file = b.file;
        r.create_date = b.create_date;
        r.parents.assign(b.parents.begin(), b.parents.end());
        r.depends_on.assign(b.depends_on.begin(), b.depends_on.end());
        r.branch_labels.assign(b.branch_labels.begin(), b.branch_labels.end());
        r.transactional = b.transactional;
        r.upgrade = to_section(b.upgrade);
        if (b.has_downgrade) r.downgrade = to_section(b.downgrade);
        r.lines = {b.id_line, b.revises_line, b.depends_on_line, b.branch_labels_line};
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace retort::baked
