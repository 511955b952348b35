// seed: the seed files that are due, each in its own transaction (docs/seeds.md).
#include <algorithm>

#include "app/app.hpp"
#include "app/database.hpp"
#include "app/operations.hpp"

namespace retort::app {

void require_seeds(const catalog& c) {
    if (c.seeds_dir.empty())
        throw usage_error(
            "there are no seeds to run: name the folder of seed files with --seeds DIR (retort tool), "
            "or build with retort_add_migrations(... SEEDS DIR)");
}

seed_run_outcome seed(const catalog& c, const database_options& o,
                      const std::function<void(const seed_outcome&)>& on_seed) {
    require_seeds(c);
    database db(c, o);
    seed_run_outcome out;
    try {
        run_seeds(db.session(), [&](const seed_outcome& s) {
            out.seeds.push_back(s);
            if (on_seed) on_seed(s);
        });
    } catch (const statement_error& e) {
        auto failed =
            std::find_if(c.seeds.begin(), c.seeds.end(), [&](const retort::seed& s) { return s.name == e.subject(); });
        if (failed != c.seeds.end()) out.failed = static_cast<std::size_t>(failed - c.seeds.begin());
        out.error = std::current_exception();
    }
    return out;
}

}  // namespace retort::app
