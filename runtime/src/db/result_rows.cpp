// retort::result_rows: a libpq result's rows read in place (driver.hpp).
#include <libpq-fe.h>

#include <stdexcept>
#include <string>

#include "retort/driver.hpp"

namespace retort {

void result_rows::release::operator()(::pg_result* r) const noexcept { PQclear(r); }

// Every cell's address and length are taken once, here: the reader then reads a flat array instead of
// calling into libpq three times per cell.
result_rows::result_rows(::pg_result* owned) : result_(owned) {
    if (owned == nullptr) return;
    size_ = static_cast<std::size_t>(PQntuples(owned));
    width_ = static_cast<std::size_t>(PQnfields(owned));
    cells_.resize(size_ * width_);
    cell* out = cells_.data();
    for (int r = 0; r < static_cast<int>(size_); ++r) {
        for (int c = 0; c < static_cast<int>(width_); ++c, ++out) {
            if (PQgetisnull(owned, r, c) != 0) continue;
            *out = {PQgetvalue(owned, r, c), static_cast<std::size_t>(PQgetlength(owned, r, c))};
        }
    }
}

result_rows::row result_rows::at(std::size_t index) const {
    if (index >= size_) no_such("row");
    return {this, index};
}

void result_rows::no_such(const char* what) { throw std::out_of_range(std::string("result_rows: no such ") + what); }

}  // namespace retort
