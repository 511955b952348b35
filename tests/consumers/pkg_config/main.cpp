// A program built without CMake, from `pkg-config --cflags --libs retort` alone: it uses the runtime's
// version (retort::app) and a connection (retort::driver, libpq) to prove both link.
#include <cstdio>

#include "retort/retort.hpp"

int main() {
    std::printf("retort %s\n", retort::version());
    try {
        retort::connection::open({"host=/nonexistent-retort-socket-dir connect_timeout=2"});
        std::printf("FAIL: connected to a server that does not exist\n");
        return 1;
    } catch (const retort::error& e) {
        std::printf("connection refused as expected\n");
    }
    return 0;
}
