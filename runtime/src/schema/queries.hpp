// Every catalog query retort::schema runs, in one place (queries.cpp). The reader runs them in one
// read-only REPEATABLE READ transaction with an empty search_path, so that every name the server
// prints is schema-qualified and every query sees the same snapshot.
#pragma once

#include <string_view>

namespace retort::schema::queries {

// Rows of each query, column by column, are documented beside its text in queries.cpp.
extern const std::string_view schemas;
extern const std::string_view extensions;
extern const std::string_view enums;
extern const std::string_view domains;
extern const std::string_view domain_checks;
extern const std::string_view composites;
extern const std::string_view sequences;
extern const std::string_view relations;
extern const std::string_view columns;
extern const std::string_view constraints;
extern const std::string_view indexes;
extern const std::string_view rules;
extern const std::string_view functions;
extern const std::string_view triggers;
extern const std::string_view policies;
extern const std::string_view comments;
extern const std::string_view dependencies;
extern const std::string_view grants;
extern const std::string_view unmodelled;

}  // namespace retort::schema::queries
