// A server that accepts connections and never answers (here a listening socket that nobody serves: the
// kernel completes the handshake, no PostgreSQL speaks) must not hang retort: every command gives up
// with exit 5 and a message that says so, within about 30 s by default, sooner when the URL's
// connect_timeout or --connect-timeout says so.
#define BOOST_TEST_MODULE silent_server_tests
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "tool_fixture.hpp"

namespace {

using namespace retort::testing;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// A TCP listener on 127.0.0.1 that never accepts: connections complete in the kernel's backlog and
// then hear nothing.
class silent_listener {
public:
    silent_listener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        BOOST_REQUIRE(fd_ >= 0);
        BOOST_REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) == 0);
        BOOST_REQUIRE(::listen(fd_, 16) == 0);
        BOOST_REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        port_ = ntohs(address.sin_port);
    }
    silent_listener(const silent_listener&) = delete;
    silent_listener& operator=(const silent_listener&) = delete;
    ~silent_listener() { ::close(fd_); }

    std::string url() const {
        return "postgresql://retort@127.0.0.1:" + std::to_string(port_) + "/app?sslmode=disable";
    }

private:
    int fd_;
    int port_ = 0;
};

struct fixture : tool_fixture {
    silent_listener server;
    fixture() : tool_fixture("silent") { chain({"aaa111"}); }

    std::pair<result, double> timed(const strings& args) {
        const auto start = clock_type::now();
        auto r = spawn(tmp.path, tool(args), base_env(db)).wait(120s);
        return {r, std::chrono::duration<double>(clock_type::now() - start).count()};
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(silent_server, fixture)

BOOST_AUTO_TEST_CASE(upgrade_gives_up_with_exit_5_within_30_seconds_by_default) {
    auto [r, seconds] = timed({"upgrade", "head", "--database-url", server.url()});
    CHECK_EXIT(r, 5);
    BOOST_TEST_MESSAGE("measured: gave up after " << seconds << " s");
    BOOST_TEST(seconds < 30.0, "gave up after " << seconds << " s");
    BOOST_TEST(contains(r.err, "did not complete the connection within 10 s"), r.err);
    BOOST_TEST(contains(r.err, "127.0.0.1"), r.err);
}

BOOST_AUTO_TEST_CASE(the_urls_connect_timeout_wins) {
    auto [r, seconds] = timed({"current", "--database-url", server.url() + "&connect_timeout=2"});
    CHECK_EXIT(r, 5);
    BOOST_TEST(seconds < 8.0, "gave up after " << seconds << " s");
    BOOST_TEST(contains(r.err, "within 2 s"), r.err);
}

BOOST_AUTO_TEST_CASE(connect_timeout_option_sets_the_default) {
    auto [r, seconds] = timed({"current", "--connect-timeout", "3", "--database-url", server.url()});
    CHECK_EXIT(r, 5);
    BOOST_TEST(seconds < 9.0, "gave up after " << seconds << " s");
    BOOST_TEST(contains(r.err, "within 3 s"), r.err);
}

BOOST_AUTO_TEST_CASE(an_interrupt_while_connecting_exits_at_once) {
    auto p = spawn(tmp.path, tool({"upgrade", "head", "--database-url", server.url()}), base_env(db));
    std::this_thread::sleep_for(1s);
    const auto sent = clock_type::now();
    p.kill(SIGINT);
    auto r = p.wait(30s);
    CHECK_EXIT(r, 130);
    BOOST_TEST(std::chrono::duration<double>(clock_type::now() - sent).count() < 3.0);
    BOOST_TEST(contains(r.err, "while connecting"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
