// missing-lock-timeout: a statement that needs a lock which blocks traffic, with no lock_timeout set
// before it, can wait behind a long query while every other query on the table queues behind it.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

bool is_zero(const json::value& arg) {
    const auto& c = rules::as(arg, "A_Const");
    if (c.contains("ival")) return c["ival"]["ival"].as_int() == 0;
    if (c.contains("sval")) {
        const auto text = c["sval"]["sval"].str();
        return text == "0" || text.starts_with("0 ") || text == "0s" || text == "0ms";
    }
    return false;
}

// Whether the statement sets a non-zero lock_timeout that lasts for the statements after it.
bool sets_lock_timeout(const parsed_statement& st, bool transactional) {
    if (st.kind() == "VariableSetStmt") {
        const auto& b = st.body();
        if (b["name"].str() != "lock_timeout" || b["kind"].str() != "VAR_SET_VALUE") return false;
        // SET LOCAL ends with the statement's transaction, which in a non-transactional revision is itself.
        if (b["is_local"].boolean() && !transactional) return false;
        return !b["args"].items().empty() && !is_zero(b["args"].items().front());
    }
    bool found = false;
    tree::walk(st.tree, [&](const json::value& node) {
        const auto& call = rules::as(node, "FuncCall");
        if (call.is_null() || tree::names(call["funcname"]).back() != "set_config") return;
        const auto args = call["args"].items();
        found = found || (args.size() >= 2 && rules::as(args[0], "A_Const")["sval"]["sval"].str() == "lock_timeout" &&
                          !is_zero(args[1]));
    });
    return found;
}

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (sets_lock_timeout(st, s.transactional())) return;
        for (const auto& lock : st.locks) {
            if (!blocks_traffic(lock.mode) || s.is_new(lock.relation, i)) continue;
            const auto mode = lock_name(lock.mode);
            out.report(st, fmt::format("this statement needs {} {} lock on {}: it waits behind every running query on "
                                       "the table, and while it waits every new query on {} queues behind it; set a "
                                       "lock timeout first (SET LOCAL lock_timeout = '5s') so that a busy table fails "
                                       "the revision quickly instead of stalling traffic, or run with "
                                       "--pg-lock-timeout",
                                       mode.starts_with("S") ? "a" : "an", mode, lock.relation, lock.relation));
            return;
        }
    }
}

}  // namespace

extern const rule missing_lock_timeout_rule{{"missing-lock-timeout", level::info, "SHARE or stronger",
                                             "a lock that blocks traffic is taken with no lock_timeout set before it"},
                                            &check};

}  // namespace retort::sql
