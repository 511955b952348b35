// Rename hints in declared files: `-- retort:rename KIND OLD NEW` (see sources.hpp). Pure.
#include <fmt/format.h>

#include <cctype>

#include "schema/sources.hpp"

namespace retort::schema {

namespace {

constexpr std::string_view marker = "-- retort:rename ";

[[noreturn]] void fail(const declared_file& f, std::uint32_t line, std::string message) {
    throw input_error({diagnostic{f.name, line, severity::error, std::move(message)}});
}

// Splits a dotted name into identifiers: "quoted" parts keep their case, others are folded to lower
// case, as the server does.
std::optional<std::vector<std::string>> dotted(std::string_view text) {
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            std::size_t j = i + 1;
            for (; j < text.size(); ++j) {
                if (text[j] == '"' && j + 1 < text.size() && text[j + 1] == '"') {
                    parts.back() += '"';
                    ++j;
                } else if (text[j] == '"') {
                    break;
                } else {
                    parts.back() += text[j];
                }
            }
            if (j >= text.size()) return std::nullopt;
            i = j;
        } else if (c == '.') {
            parts.emplace_back();
        } else {
            parts.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    for (const auto& p : parts)
        if (p.empty()) return std::nullopt;
    return parts;
}

std::vector<std::string> words(std::string_view line) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

struct kind_spelling {
    std::string_view word;
    object_kind kind;
    std::size_t parts;  // in OLD
};
constexpr kind_spelling kinds[] = {
    {"table", object_kind::table, 2},       {"column", object_kind::column, 3},
    {"view", object_kind::view, 2},         {"materialized_view", object_kind::materialized_view, 2},
    {"sequence", object_kind::sequence, 2}, {"index", object_kind::index, 2},
    {"type", object_kind::enum_type, 2},    {"domain", object_kind::domain, 2},
    {"schema", object_kind::schema, 1},     {"constraint", object_kind::constraint, 3},
};

}  // namespace

std::vector<rename_hint> parse_rename_hints(std::span<const declared_file> files) {
    std::vector<rename_hint> out;
    for (const auto& f : files) {
        std::uint32_t line_no = 0;
        std::size_t start = 0;
        while (start <= f.text.size()) {
            std::size_t end = f.text.find('\n', start);
            if (end == std::string::npos) end = f.text.size();
            std::string_view line(f.text.data() + start, end - start);
            ++line_no;
            start = end + 1;
            while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
            if (!line.starts_with(marker)) continue;
            auto w = words(line.substr(marker.size()));
            const char* usage =
                "write `-- retort:rename KIND OLD NEW`, e.g. `-- retort:rename column public.person.name "
                "full_name` (KIND: table, column, view, materialized_view, sequence, index, type, "
                "domain, schema, constraint)";
            if (w.size() != 3) fail(f, line_no, fmt::format("malformed rename hint: {}", usage));
            const kind_spelling* k = nullptr;
            for (const auto& s : kinds)
                if (s.word == w[0]) k = &s;
            if (k == nullptr) fail(f, line_no, fmt::format("unknown kind '{}' in rename hint: {}", w[0], usage));
            auto old_name = dotted(w[1]);
            auto new_name = dotted(w[2]);
            if (!old_name || old_name->size() != k->parts)
                fail(f, line_no,
                     fmt::format("rename hint: a {} is named as {} ({})", w[0],
                                 k->parts == 1   ? "NAME"
                                 : k->parts == 2 ? "SCHEMA.NAME"
                                                 : "SCHEMA.TABLE.NAME",
                                 usage));
            if (!new_name || new_name->size() != 1)
                fail(f, line_no, "rename hint: NEW is the object's new name alone, without its schema or table");
            rename_hint h;
            h.kind = k->kind;
            h.file = f.name;
            h.line = line_no;
            h.new_name = new_name->front();
            const auto& p = *old_name;
            if (k->parts == 1)
                h.old_key = {k->kind, "", p[0], ""};
            else if (k->parts == 2)
                h.old_key = {k->kind, p[0], p[1], ""};
            else
                h.old_key = {k->kind, p[0], p[1], p[2]};
            out.push_back(std::move(h));
        }
    }
    return out;
}

object_key renamed_key(const rename_hint& h) {
    object_key k = h.old_key;
    if (k.kind == object_kind::column || k.kind == object_kind::constraint)
        k.member = h.new_name;
    else
        k.name = h.new_name;
    return k;
}

std::string rename_statement(const rename_hint& h, bool reverse) {
    object_key from = reverse ? renamed_key(h) : h.old_key;
    std::string to = reverse ? (h.kind == object_kind::column || h.kind == object_kind::constraint ? h.old_key.member
                                                                                                   : h.old_key.name)
                             : h.new_name;
    std::string target = qualified(from);
    switch (h.kind) {
    case object_kind::column:
        return fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", target, quote_ident(from.member), quote_ident(to));
    case object_kind::constraint:
        return fmt::format("ALTER TABLE {} RENAME CONSTRAINT {} TO {};", target, quote_ident(from.member),
                           quote_ident(to));
    case object_kind::view: return fmt::format("ALTER VIEW {} RENAME TO {};", target, quote_ident(to));
    case object_kind::materialized_view:
        return fmt::format("ALTER MATERIALIZED VIEW {} RENAME TO {};", target, quote_ident(to));
    case object_kind::sequence: return fmt::format("ALTER SEQUENCE {} RENAME TO {};", target, quote_ident(to));
    case object_kind::index: return fmt::format("ALTER INDEX {} RENAME TO {};", target, quote_ident(to));
    case object_kind::enum_type: return fmt::format("ALTER TYPE {} RENAME TO {};", target, quote_ident(to));
    case object_kind::domain: return fmt::format("ALTER DOMAIN {} RENAME TO {};", target, quote_ident(to));
    case object_kind::schema: return fmt::format("ALTER SCHEMA {} RENAME TO {};", target, quote_ident(to));
    default: return fmt::format("ALTER TABLE {} RENAME TO {};", target, quote_ident(to));
    }
}

}  // namespace retort::schema
