// Text, JSON, SARIF and GitHub renderings of findings.
#include "sql/render.hpp"

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "sql/rules.hpp"

namespace retort::sql {

namespace {

std::string_view sarif_level(level l) {
    switch (l) {
    case level::error: return "error";
    case level::warning: return "warning";
    case level::info: return "note";
    }
    return "note";
}

std::string_view github_command(level l) {
    switch (l) {
    case level::error: return "error";
    case level::warning: return "warning";
    case level::info: return "notice";
    }
    return "notice";
}

// GitHub's workflow command escaping: the data after "::" escapes %, CR and LF; properties also : and ,.
std::string github_escape(std::string_view s, bool property) {
    std::string out;
    for (const char c : s) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else if (property && c == ':')
            out += "%3A";
        else if (property && c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

// The index of a rule in rule_catalog(), or -1 for the checks that are not rules.
int rule_index(std::string_view id) {
    const auto rules = rule_catalog();
    for (std::size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id == id) return static_cast<int>(i);
    return -1;
}

std::string sarif_rules() {
    std::string out;
    for (const auto& r : rule_catalog()) {
        if (!out.empty()) out += ',';
        out += fmt::format(
            "{{\"id\":{},\"shortDescription\":{{\"text\":{}}},\"help\":{{\"text\":{}}},"
            "\"defaultConfiguration\":{{\"level\":\"{}\"}},\"properties\":{{\"lock\":{}}}}}",
            json_string(r.id), json_string(r.summary),
            json_string(fmt::format("retort's docs/lint.md, section {}: an example and the safe rewrite", r.id)),
            sarif_level(r.severity), json_string(r.lock));
    }
    return out;
}

}  // namespace

std::string render_text(std::span<const finding> findings) {
    std::string out;
    for (const auto& f : findings) {
        std::string where = f.file;
        if (f.line > 0) where += fmt::format(":{}", f.line);
        if (f.line > 0 && f.column > 0) where += fmt::format(":{}", f.column);
        out += fmt::format("{}: {}: {} [{}]\n", where, to_string(f.severity), f.message, f.rule);
    }
    return out;
}

std::string render_json_array(std::span<const finding> findings) {
    std::string out = "[";
    for (const auto& f : findings) {
        if (out.size() > 1) out += ',';
        out += fmt::format(
            "{{\"file\":{},\"line\":{},\"column\":{},\"rule\":{},\"severity\":\"{}\",\"message\":{},"
            "\"revision\":{}}}",
            json_string(f.file), f.line, f.column, json_string(f.rule), to_string(f.severity), json_string(f.message),
            json_string(f.revision));
    }
    return out + "]";
}

std::string render_json(std::span<const finding> findings) {
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& f : findings) ++counts[static_cast<std::size_t>(f.severity)];
    return fmt::format("{{\"findings\":{},\"counts\":{{\"error\":{},\"warning\":{},\"info\":{}}}}}\n",
                       render_json_array(findings), counts[0], counts[1], counts[2]);
}

std::string render_sarif(std::span<const finding> findings) {
    std::string results;
    for (const auto& f : findings) {
        if (!results.empty()) results += ',';
        std::string region = fmt::format("\"startLine\":{}", std::max<std::uint32_t>(f.line, 1));
        if (f.column > 0) region += fmt::format(",\"startColumn\":{}", f.column);
        const int index = rule_index(f.rule);
        results += fmt::format(
            "{{\"ruleId\":{},{}\"level\":\"{}\",\"message\":{{\"text\":{}}},"
            "\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":{}}},"
            "\"region\":{{{}}}}}}}]}}",
            json_string(f.rule), index >= 0 ? fmt::format("\"ruleIndex\":{},", index) : "", sarif_level(f.severity),
            json_string(f.message), json_string(f.file), region);
    }
    return fmt::format(
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
        "\"runs\":[{{\"tool\":{{\"driver\":{{\"name\":\"retort\",\"rules\":[{}]}}}},"
        "\"results\":[{}]}}]}}\n",
        sarif_rules(), results);
}

std::string render_github(std::span<const finding> findings) {
    std::string out;
    for (const auto& f : findings) {
        std::string properties = "file=" + github_escape(f.file, true);
        if (f.line > 0) properties += fmt::format(",line={}", f.line);
        if (f.line > 0 && f.column > 0) properties += fmt::format(",col={}", f.column);
        properties += ",title=" + github_escape("retort " + f.rule, true);
        out += fmt::format("::{} {}::{}\n", github_command(f.severity), properties, github_escape(f.message, false));
    }
    return out;
}

}  // namespace retort::sql
