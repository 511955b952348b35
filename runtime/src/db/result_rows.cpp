// retort::result_rows: a libpq result's rows read in place (driver.hpp).
#include <libpq-fe.h>

#include <stdexcept>

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
    if (index >= size_) throw std::out_of_range("result_rows: no such row");
    return {this, index};
}

std::optional<std::string_view> result_rows::row::operator[](std::size_t column) const {
    if (column >= rows_->width_) throw std::out_of_range("result_rows: no such column");
    const cell& c = rows_->cells_[index_ * rows_->width_ + column];
    if (c.data == nullptr) return std::nullopt;
    return std::string_view{c.data, c.length};
}

}  // namespace retort
