// Whole files in and out: revision files and the lock file are read, the lock file and generated
// sources are written.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "directory/directory.hpp"
#include "retort/error.hpp"

namespace retort {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

void write_text_file(const std::filesystem::path& path, std::string_view text) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw error(fmt::format("cannot create the directory of {}: {}", path.string(), ec.message()));
    // Beside the target, so that the rename stays on one file system; the process id keeps two writers apart.
    std::filesystem::path temporary = path;
    temporary += fmt::format(".tmp{}", ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, ec);
            throw error(fmt::format("cannot write {}", temporary.string()));
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw error(fmt::format("cannot replace {}: {}", path.string(), ec.message()));
    }
}

std::optional<std::string> read_lock_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) return std::nullopt;
    auto text = read_text_file(path);
    if (!text) throw error(fmt::format("cannot read the lock file {}", path.string()));
    return text;
}

}  // namespace retort
