// A consumer of the baked shop migrations: prints the table's size, heads and version table, and
// with `COUNT HEAD VERSION_TABLE` arguments exits 1 unless the table matches them.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "shop/revisions.hpp"

int main(int argc, char** argv) {
    const retort::baked::table& table = shop::db::revisions();
    const std::vector<retort::revision> revisions = retort::baked::to_revisions(table);
    const std::string_view version_table = retort::baked::view(table, table.version_table);

    std::vector<std::string_view> heads;
    for (const auto& r : revisions) {
        bool revised = false;
        for (const auto& other : revisions)
            for (auto parent : other.parents) revised = revised || parent == r.id;
        if (!revised) heads.push_back(r.id);
    }

    std::printf("revisions: %zu\n", revisions.size());
    for (auto head : heads) std::printf("head: %.*s\n", static_cast<int>(head.size()), head.data());
    std::printf("version table: %.*s\n", static_cast<int>(version_table.size()), version_table.data());

    if (argc != 4) return 0;
    const bool ok = std::to_string(revisions.size()) == argv[1] && heads.size() == 1 && heads.front() == argv[2] &&
                    version_table == argv[3];
    if (!ok) std::printf("FAIL: expected revisions: %s, head: %s, version table: %s\n", argv[1], argv[2], argv[3]);
    return ok ? 0 : 1;
}
