// diff_and_plan (planner.hpp): the diff and the planner's lookups of the target model at the same time.
#include <future>

#include "schema/planner_impl.hpp"

namespace retort::schema {

// At 5,000 new tables the lookups of `to` (its objects by key, its 100,000 dependencies both ways) take
// longer than the diff; with one column added to 1,000 tables, the lookups of both models do. The
// thread's future waits for it when the diff throws.
diff_and_plan_result diff_and_plan(const database_schema& from, const database_schema& to,
                                   const plan_options& options) {
    auto to_side = std::async(std::launch::async, [&to] { return detail::indexed_model(to); });
    schema_diff diff = diff_schemas(from, to);
    detail::indexed_model from_side(from);
    migration_plan plan = detail::planner(std::move(from_side), to_side.get(), options).run(diff);
    return {std::move(diff), std::move(plan)};
}

}  // namespace retort::schema
