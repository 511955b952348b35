// Bakes a catalog: every text into one blob (ids stored once), the rest as integers pointing into it.
#include "core/bake.hpp"

#include "retort/integrity.hpp"

namespace retort {

namespace {

// Collects the blob and the integer arrays while revisions and seeds are visited in table order.
class table_builder {
public:
    explicit table_builder(baked_catalog& out) : out_(out) {}

    baked::text add_text(std::string_view s) { return add_to(out_.blob, s); }

    // The blob has three parts, in the order a command reads them: what every start reads (ids,
    // checksums, the header's texts), what only a listing reads (messages, file names, dates), then the
    // SQL (finish()). A start-up check then never touches the pages of the other two: at 10,000
    // revisions about 1 MB and 3 MB of the binary that the kernel would otherwise map with their
    // neighbours.
    baked::text add_listing_text(std::string_view s) { return add_to(listing_, s); }
    baked::text add_sql(std::string_view s) { return add_to(sql_, s); }

    void finish() {
        const auto listing_at = static_cast<std::uint32_t>(out_.blob.size());
        const auto sql_at = listing_at + static_cast<std::uint32_t>(listing_.size());
        for (auto& r : out_.revisions) {
            for (baked::text* t : {&r.message, &r.file, &r.create_date}) t->offset += listing_at;
            r.upgrade.sql.offset += sql_at;
            if (r.has_downgrade) r.downgrade.sql.offset += sql_at;
        }
        for (auto& s : out_.seeds) {
            for (baked::text* t : {&s.file, &s.message}) t->offset += listing_at;
            s.body.sql.offset += sql_at;
        }
        out_.blob += listing_;
        out_.blob += sql_;
    }

    // Ids are referenced again as parents and dependencies; each is stored once.
    baked::text add_id(std::string_view id) {
        auto it = ids_.find(std::string(id));
        if (it != ids_.end()) return it->second;
        return ids_[std::string(id)] = add_text(id);
    }

    std::uint32_t add_list(const std::vector<std::string_view>& items) {
        auto first = static_cast<std::uint32_t>(out_.lists.size());
        for (auto item : items) out_.lists.push_back(add_id(item));
        return first;
    }

    baked::section add_section(const section& s) {
        baked::section out;
        out.sql = add_sql(s.sql);
        out.first_line = s.first_line;
        out.first_statement = static_cast<std::uint32_t>(out_.statements.size());
        out.statement_count = static_cast<std::uint32_t>(s.statements.size());
        for (const auto& st : s.statements)
            out_.statements.push_back({static_cast<std::uint32_t>(st.sql.data() - s.sql.data()),
                                       static_cast<std::uint32_t>(st.sql.size()), st.line});
        out.sum = add_text(std::string_view(reinterpret_cast<const char*>(s.sum.bytes.data()), s.sum.bytes.size()));
        return out;
    }

    // `<label>/<file name>`: the folder as the project names it, never the machine's path.
    baked::text add_file(std::string_view label, std::string_view file) {
        return add_listing_text(std::string(label) + "/" + std::string(file.substr(file.rfind('/') + 1)));
    }

    void add_revision(const revision& r, std::string_view label) {
        baked::revision b;
        b.id = add_id(r.id);
        b.message = add_listing_text(r.message);
        b.file = add_file(label, r.file);
        b.create_date = add_listing_text(r.create_date);
        b.first_parent = add_list(r.parents);
        b.parent_count = static_cast<std::uint32_t>(r.parents.size());
        b.first_dependency = add_list(r.depends_on);
        b.dependency_count = static_cast<std::uint32_t>(r.depends_on.size());
        b.first_label = add_list(r.branch_labels);
        b.label_count = static_cast<std::uint32_t>(r.branch_labels.size());
        b.transactional = r.transactional;
        b.has_downgrade = r.downgrade.has_value();
        b.upgrade = add_section(r.upgrade);
        if (r.downgrade) b.downgrade = add_section(*r.downgrade);
        b.id_line = r.lines.id;
        b.revises_line = r.lines.revises;
        b.depends_on_line = r.lines.depends_on;
        b.branch_labels_line = r.lines.branch_labels;
        out_.revisions.push_back(b);
    }

    void add_seed(const seed& s, std::string_view label) {
        baked::seed b;
        b.name = add_text(s.name);
        b.file = add_file(label, s.name);
        b.message = add_listing_text(s.message);
        b.required = add_id(s.required);
        b.requires_line = s.requires_line;
        b.body = add_section(s.body);
        out_.seeds.push_back(b);
    }

private:
    // A text at the end of `part`; for the listing and SQL parts, finish() moves its offset to where the
    // part lands in the blob.
    static baked::text add_to(std::string& part, std::string_view s) {
        baked::text t{static_cast<std::uint32_t>(part.size()), static_cast<std::uint32_t>(s.size())};
        part += s;
        return t;
    }

    baked_catalog& out_;
    std::map<std::string, baked::text> ids_;
    std::string listing_;
    std::string sql_;
};

}  // namespace

baked::table baked_catalog::table() const {
    baked::table t = header;
    t.blob = blob;
    t.lists = lists;
    t.statements = statements;
    t.revisions = revisions;
    t.seeds = seeds;
    return t;
}

baked_catalog bake(const catalog& c, const bake_labels& labels) {
    baked_catalog out;
    table_builder b(out);
    for (const auto& r : c.revisions.revisions()) b.add_revision(r, labels.revisions);
    for (const auto& s : c.seeds) b.add_seed(s, labels.seeds);
    baked::table& h = out.header;
    h.name = b.add_text(labels.name);
    h.version_table = b.add_text(c.version_table);
    h.fingerprint = b.add_text(c.fingerprint);
    h.all_applied = b.add_text(applied_fingerprint(c.revisions, std::vector<bool>(c.revisions.size(), true)));
    h.lock_file = b.add_text(labels.lock_file);
    h.lock = b.add_text(c.lock.text.value_or(""));
    h.has_lock = c.lock.text.has_value();
    h.seeds_dir = b.add_text(labels.seeds);
    b.finish();
    return out;
}

}  // namespace retort
