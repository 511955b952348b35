// Runs steps through history_store::apply_together() and collects what it reports for each.
#pragma once

#include <boost/test/unit_test.hpp>

#include <vector>

#include "store/store.hpp"

namespace retort::testing {

// The seconds reported for each step that ran, in order (a step reported out of order fails the case).
inline std::vector<double> apply_together(history_store& store, const std::vector<step_change>& steps,
                                          std::vector<double>* reported = nullptr) {
    std::vector<double> seconds;
    auto& out = reported ? *reported : seconds;
    store.apply_together(steps, [&](std::size_t k, double s) {
        BOOST_TEST(k == out.size());
        out.push_back(s);
    });
    return out;
}

}  // namespace retort::testing
