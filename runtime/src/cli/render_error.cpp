// Errors: the status each kind ends the process with (the exit code comes from the one table in
// core/status.hpp), and how each kind is shown as text and as JSON.
#include <fmt/format.h>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

// The kinds of error, most specific first.
template <class Visit>
auto classify(const std::exception_ptr& failure, Visit visit) {
    try {
        std::rethrow_exception(failure);
    } catch (const usage_error& e) {
        return visit(e, retort::status::usage, "");
    } catch (const input_error& e) {
        return visit(e, retort::status::invalid_input, "");
    } catch (const lock_timeout_error& e) {
        return visit(e, retort::status::lock_timeout, "");
    } catch (const connection_error& e) {
        return visit(e, retort::status::connection, "cannot reach the database: ");
    } catch (const integrity_error& e) {
        return visit(e, e.report().unknown.empty() ? retort::status::edited : retort::status::unknown, "");
    } catch (const unknown_revisions_error& e) {
        return visit(e, retort::status::unknown, "");
    } catch (const unfinished_revision_error& e) {
        return visit(e, retort::status::unfinished, "");
    } catch (const error& e) {
        return visit(e, retort::status::error, "");
    } catch (const std::exception& e) {
        return visit(e, retort::status::error, "internal error: ");
    }
}

json_fields statement_fields(const statement_error& e) {
    return {{e.kind() == statement_error::subject_kind::seed ? "seed" : "revision", json_string(e.subject())},
            {"file", json_string(e.file())},
            {"line", std::to_string(e.line())},
            {"sqlstate", json_string(e.sqlstate())}};
}

json_fields diagnostic_fields(const input_error& e) {
    return {{"diagnostics", array_json(e.items(), [](const diagnostic& d) {
                 json_fields fields{{"file", json_string(d.file)}, {"line", std::to_string(d.line)}};
                 if (d.column != 0) fields.emplace_back("column", std::to_string(d.column));
                 fields.emplace_back("severity", json_string(d.level == severity::error ? "error" : "note"));
                 fields.emplace_back("message", json_string(d.message));
                 return json_object(fields);
             })}};
}

}  // namespace

retort::status status_of(const std::exception_ptr& error) {
    return classify(error, [](const std::exception&, retort::status s, std::string_view) { return s; });
}

std::string error_text(const std::exception_ptr& error, std::string_view program) {
    return classify(error, [&](const std::exception& e, retort::status s, std::string_view prefix) {
        // Diagnostics name file:line first, as compilers do, so that editors jump to them.
        if (s == retort::status::invalid_input) return fmt::format("{}\n", e.what());
        return fmt::format("{}: {}{}\n", program, prefix, e.what());
    });
}

std::string error_json(const std::exception_ptr& error) {
    return classify(error, [&](const std::exception& e, retort::status, std::string_view prefix) {
        json_fields fields{{"message", json_string(fmt::format("{}{}", prefix, e.what()))}};
        json_fields more;
        if (const auto* s = dynamic_cast<const statement_error*>(&e))
            more = statement_fields(*s);
        else if (const auto* d = dynamic_cast<const database_error*>(&e); d && !d->sqlstate().empty())
            more = {{"sqlstate", json_string(d->sqlstate())}};
        else if (const auto* i = dynamic_cast<const input_error*>(&e))
            more = diagnostic_fields(*i);
        fields.insert(fields.end(), more.begin(), more.end());
        return json_object(fields);
    });
}

}  // namespace retort::cli
