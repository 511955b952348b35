// Emits the baked table: one blob literal with every text, and arrays of integers that point into it
// (see baked_table.hpp for why). The output depends only on the catalog and the options.
#include "emit_cpp.hpp"

#include <fmt/format.h>

#include <map>

namespace retort::generator {

namespace {

// Collects the blob and the integer arrays while revisions are visited in table order.
class table_builder {
public:
    baked::text add_text(std::string_view s) {
        baked::text t{static_cast<std::uint32_t>(blob_.size()), static_cast<std::uint32_t>(s.size())};
        blob_ += s;
        return t;
    }

    // Ids are referenced again as parents and dependencies; each is stored once.
    baked::text add_id(std::string_view id) {
        auto it = ids_.find(std::string(id));
        if (it != ids_.end()) return it->second;
        return ids_[std::string(id)] = add_text(id);
    }

    std::uint32_t add_list(const std::vector<std::string_view>& items) {
        auto first = static_cast<std::uint32_t>(lists_.size());
        for (auto item : items) lists_.push_back(add_id(item));
        return first;
    }

    baked::section add_section(const section& s) {
        baked::section out;
        out.sql = add_text(s.sql);
        out.first_line = s.first_line;
        out.first_statement = static_cast<std::uint32_t>(statements_.size());
        out.statement_count = static_cast<std::uint32_t>(s.statements.size());
        for (const auto& st : s.statements)
            statements_.push_back({static_cast<std::uint32_t>(st.sql.data() - s.sql.data()),
                                   static_cast<std::uint32_t>(st.sql.size()), st.line});
        out.sum = add_text(std::string_view(reinterpret_cast<const char*>(s.sum.bytes.data()), s.sum.bytes.size()));
        return out;
    }

    void add_revision(const revision& r, std::string_view label) {
        baked::revision b;
        b.id = add_id(r.id);
        b.message = add_text(r.message);
        // `<label>/<file name>`: the folder as the project names it, never the machine's path.
        std::string_view name = r.file.substr(r.file.rfind('/') + 1);
        b.file = add_text(std::string(label) + "/" + std::string(name));
        b.create_date = add_text(r.create_date);
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
        revisions_.push_back(b);
    }

    void add_seed(const seed& s, std::string_view label) {
        baked::seed b;
        b.name = add_text(s.name);
        b.file = add_text(std::string(label) + "/" + std::string(s.name));
        b.message = add_text(s.message);
        b.required = add_id(s.required);
        b.requires_line = s.requires_line;
        b.body = add_section(s.body);
        seeds_.push_back(b);
    }

    const std::string& blob() const noexcept { return blob_; }
    const std::vector<baked::text>& lists() const noexcept { return lists_; }
    const std::vector<baked::statement>& statements() const noexcept { return statements_; }
    const std::vector<baked::revision>& revisions() const noexcept { return revisions_; }
    const std::vector<baked::seed>& seeds() const noexcept { return seeds_; }

private:
    std::string blob_;
    std::map<std::string, baked::text> ids_;
    std::vector<baked::text> lists_;
    std::vector<baked::statement> statements_;
    std::vector<baked::revision> revisions_;
    std::vector<baked::seed> seeds_;
};

// The blob as adjacent string literals, a line per source line (and at most ~200 bytes), so that the
// generated file stays readable and diffable. Non-ASCII and control bytes become three-digit octal
// escapes, which can never swallow a following digit.
std::string blob_literal(std::string_view text) {
    std::string out = "    \"";
    std::size_t line_length = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        bool line_end = false;
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\t': out += "\\t"; break;
        case '\n':
            out += "\\n";
            line_end = true;
            break;
        default:
            if (c >= 0x20 && c < 0x7f && c != '?')
                out += static_cast<char>(c);
            else
                out += fmt::format("\\{:03o}", c);
        }
        if (line_end || ++line_length >= 200) {
            if (i + 1 < text.size()) out += "\"\n    \"";
            line_length = 0;
        }
    }
    return out + "\"";
}

std::string text_init(baked::text t) { return fmt::format("{{{}, {}}}", t.offset, t.size); }

std::string section_init(const baked::section& s) {
    return fmt::format("{{{}, {}, {}, {}, {}}}", text_init(s.sql), s.first_line, s.first_statement, s.statement_count,
                       text_init(s.sum));
}

std::string revision_init(const baked::revision& r) {
    return fmt::format("    {{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {},\n     {},\n     {},\n     {}, {}, {}, {}}},\n",
                       text_init(r.id), text_init(r.message), text_init(r.file), text_init(r.create_date),
                       r.first_parent, r.parent_count, r.first_dependency, r.dependency_count, r.first_label,
                       r.label_count, r.transactional, r.has_downgrade, section_init(r.upgrade),
                       section_init(r.downgrade), r.id_line, r.revises_line, r.depends_on_line,
                       r.branch_labels_line);
}

std::string seed_init(const baked::seed& s) {
    return fmt::format("    {{{}, {}, {}, {}, {},\n     {}}},\n", text_init(s.name), text_init(s.file), text_init(s.message),
                       text_init(s.required), s.requires_line, section_init(s.body));
}

template <class T, class F>
std::string array(std::string_view type, std::string_view name, const std::vector<T>& items, F init) {
    if (items.empty()) return fmt::format("constexpr std::span<const {}> {};\n", type, name);
    std::string out = fmt::format("constexpr {} {}[] = {{\n", type, name);
    for (const auto& item : items) out += init(item);
    return out + "};\n";
}

std::string open_namespace(const emit_options& o) { return fmt::format("namespace {} {{\n", o.cpp_namespace); }
std::string close_namespace(const emit_options& o) { return fmt::format("}}  // namespace {}\n", o.cpp_namespace); }

}  // namespace

std::string emit_header(const emit_options& o) {
    return fmt::format(
        "// Generated by retort for the migrations '{0}'; do not edit.\n"
        "#pragma once\n\n"
        "#include <retort/baked_table.hpp>\n\n"
        "{1}\n"
        "// The revisions of '{0}', baked at build time, in dependency order.\n"
        "const retort::baked::table& revisions() noexcept;\n\n"
        "{2}",
        o.name, open_namespace(o), close_namespace(o));
}

std::string emit_source(const catalog& c, const emit_options& o) {
    table_builder b;
    for (const auto& r : c.revisions.revisions()) b.add_revision(r, o.label);
    for (const auto& s : c.seeds) b.add_seed(s, c.seeds_dir);
    baked::text name = b.add_text(o.name), version_table = b.add_text(o.version_table),
                fingerprint = b.add_text(c.fingerprint), lock_file = b.add_text(c.lock_file),
                lock = b.add_text(c.lock_text.value_or("")), seeds_dir = b.add_text(c.seeds_dir);

    std::string out = fmt::format(
        "// Generated by retort for the migrations '{}'; do not edit.\n"
        "#include \"{}\"\n\n"
        "#include <span>\n"
        "#include <string_view>\n\n"
        "static_assert(retort::baked::format_version == {},\n"
        "              \"this table was generated by another version of retort; rebuild it\");\n\n"
        "namespace {{\n\n",
        o.name, o.header_include, baked::format_version);
    out += fmt::format("constexpr char blob[] =\n{};\n\n", blob_literal(b.blob()));
    out += array("retort::baked::text", "lists", b.lists(),
                 [](const baked::text& t) { return "    " + text_init(t) + ",\n"; });
    out += array("retort::baked::statement", "statements", b.statements(), [](const baked::statement& s) {
        return fmt::format("    {{{}, {}, {}}},\n", s.offset, s.length, s.line);
    });
    out += array("retort::baked::revision", "revision_rows", b.revisions(), revision_init);
    out += array("retort::baked::seed", "seed_rows", b.seeds(), seed_init);
    out += "\n}  // namespace\n\n" + open_namespace(o);
    out += fmt::format(
        "\nconst retort::baked::table& revisions() noexcept {{\n"
        "    static constexpr retort::baked::table table{{retort::baked::format_version,\n"
        "                                                std::string_view(blob, sizeof blob - 1), lists, statements,\n"
        "                                                revision_rows, seed_rows, {}, {}, {},\n"
        "                                                {}, {}, {}, {}}};\n"
        "    return table;\n"
        "}}\n\n",
        text_init(name), text_init(version_table), text_init(fingerprint), text_init(lock_file), text_init(lock),
        c.lock_text.has_value(), text_init(seeds_dir));
    out += close_namespace(o);
    return out;
}

std::string emit_main(const emit_options& o) {
    return fmt::format(
        "// Generated by retort: the migration CLI for '{0}'; do not edit.\n"
        "#include <retort/cli.hpp>\n\n"
        "#include \"{1}\"\n\n"
        "int main(int argc, char** argv) {{ return retort::run_baked_cli({2}::revisions(), argc, argv); }}\n",
        o.name, o.header_include, o.cpp_namespace);
}

}  // namespace retort::generator
