// Myers' O((N+M)D) line diff, then hunks with context, as `diff -u` prints them.
#include "core/text_diff.hpp"

#include <fmt/format.h>

#include <vector>

namespace retort {

namespace {

enum class op_kind { keep, remove, insert };

struct op {
    op_kind kind;
    std::size_t before;  // line index in `before` (keep, remove)
    std::size_t after;   // line index in `after` (keep, insert)
};

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// The shortest edit script. Each round d keeps only the 2d+1 diagonals it can reach, so memory grows
// with the square of the number of changed lines, not with the texts' sizes.
std::vector<op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size()), offset = n + m + 1;
    std::vector<long> v(static_cast<std::size_t>(2 * offset + 1), 0);
    std::vector<std::vector<long>> trace;  // trace[d][k + d + 1]: v before round d, diagonals -d-1..d+1
    auto at = [&](std::vector<long>& vec, long k) -> long& { return vec[static_cast<std::size_t>(k + offset)]; };
    long rounds = -1;
    for (long d = 0; d <= n + m && rounds < 0; ++d) {
        std::vector<long> snapshot;
        for (long k = -d - 1; k <= d + 1; ++k) snapshot.push_back(at(v, k));
        trace.push_back(std::move(snapshot));
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && at(v, k - 1) < at(v, k + 1))) ? at(v, k + 1) : at(v, k - 1) + 1;
            long y = x - k;
            while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) ++x, ++y;
            at(v, k) = x;
            if (x >= n && y >= m) {
                rounds = d;
                break;
            }
        }
    }
    std::vector<op> reversed;
    long x = n, y = m;
    for (long d = rounds; d >= 0; --d) {
        const auto& snap = trace[static_cast<std::size_t>(d)];
        auto prev = [&](long k) { return snap[static_cast<std::size_t>(k + d + 1)]; };
        long k = x - y;
        long prev_k = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
        long prev_x = d == 0 ? 0 : prev(prev_k), prev_y = d == 0 ? 0 : prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            --x, --y;
            reversed.push_back({op_kind::keep, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
        }
        if (d == 0) break;
        if (x == prev_x)
            reversed.push_back({op_kind::insert, static_cast<std::size_t>(x), static_cast<std::size_t>(y - 1)});
        else
            reversed.push_back({op_kind::remove, static_cast<std::size_t>(x - 1), static_cast<std::size_t>(y)});
        x = prev_x, y = prev_y;
    }
    return {reversed.rbegin(), reversed.rend()};
}

// `diff -u` numbers an empty range by the line before it.
std::string range(std::size_t first, std::size_t count) {
    if (count == 1) return fmt::format("{}", first + 1);
    return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_label,
                         std::string_view after_label, std::size_t context) {
    auto a = lines_of(before), b = lines_of(after);
    auto ops = edit_script(a, b);
    std::vector<std::size_t> changes;
    for (std::size_t i = 0; i < ops.size(); ++i)
        if (ops[i].kind != op_kind::keep) changes.push_back(i);
    if (changes.empty()) return {};
    std::string out = fmt::format("--- {}\n+++ {}\n", before_label, after_label);
    std::size_t c = 0;
    while (c < changes.size()) {
        std::size_t first = changes[c] > context ? changes[c] - context : 0;
        std::size_t last = changes[c];
        // Changes closer than two contexts apart share a hunk.
        while (c + 1 < changes.size() && changes[c + 1] <= last + 2 * context + 1) last = changes[++c];
        ++c;
        last = std::min(ops.size() - 1, last + context);
        std::size_t before_count = 0, after_count = 0;
        std::string body;
        for (std::size_t i = first; i <= last; ++i) {
            const op& o = ops[i];
            if (o.kind != op_kind::insert) ++before_count;
            if (o.kind != op_kind::remove) ++after_count;
            if (o.kind == op_kind::keep) body += fmt::format(" {}\n", a[o.before]);
            if (o.kind == op_kind::remove) body += fmt::format("-{}\n", a[o.before]);
            if (o.kind == op_kind::insert) body += fmt::format("+{}\n", b[o.after]);
        }
        out += fmt::format("@@ -{} +{} @@\n", range(ops[first].before, before_count),
                           range(ops[first].after, after_count)) +
               body;
    }
    return out;
}

}  // namespace retort
