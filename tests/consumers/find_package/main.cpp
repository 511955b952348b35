// A consumer of the baked shop migrations: prints the table's size, heads and version table, and
// with `COUNT HEAD VERSION_TABLE` arguments exits 1 unless the table matches them.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "shop/revisions.hpp"

int main(int argc, char** argv) {
    const retort::baked::table& table = shop::db::revisions();

    std::vector<std::string_view> heads;
    for (const auto& r : table.revisions) {
        bool revised = false;
        for (const auto& other : table.revisions)
            for (auto parent : other.parents) revised = revised || parent == r.id;
        if (!revised) heads.push_back(r.id);
    }

    std::printf("revisions: %zu\n", table.revisions.size());
    for (auto head : heads) std::printf("head: %.*s\n", static_cast<int>(head.size()), head.data());
    std::printf("version table: %.*s\n", static_cast<int>(table.version_table.size()), table.version_table.data());

    if (argc != 4) return 0;
    const std::string_view count = argv[1], head = argv[2], version_table = argv[3];
    const bool ok = count == std::to_string(table.revisions.size()) && heads.size() == 1 && heads.front() == head &&
                    table.version_table == version_table;
    if (!ok) std::printf("FAIL: expected revisions: %s, head: %s, version table: %s\n", argv[1], argv[2], argv[3]);
    return ok ? 0 : 1;
}
